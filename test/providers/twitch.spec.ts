import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { customFetch } from "../../lib/core/vocabulary/custom-fetch.js"
import Twitch from "../../lib/providers/twitch.js"
import { type IdpRouter, idpRouter, type OidcStandIn, startOidcStandIn } from "../utils/oidc/index.js"
import { recordJwtCallback } from "../utils/record-callbacks.js"
import { signInThrough, viaIdp } from "../utils/sign-in-flow.js"
import { testConfig } from "../utils/test-config.js"

const env = { AUTH_TWITCH_ID: "hof5gwx0su6owfnys0nyan9c87zr6t", AUTH_TWITCH_SECRET: "twitch-secret" }

describe("Twitch, against a stand-in for id.twitch.tv/oauth2", () => {
  let twitch: OidcStandIn
  let router: IdpRouter

  beforeAll(async () => {
    twitch = await startOidcStandIn({
      issuer: "https://id.twitch.tv/oauth2",
      clients: [
        {
          client_id: env.AUTH_TWITCH_ID,
          client_secret: env.AUTH_TWITCH_SECRET,
          redirect_uris: ["http://localhost:3000/auth/callback/twitch"],
          token_endpoint_auth_method: "client_secret_post",
        },
      ],
      account: {
        sub: "713936733",
        preferred_username: "ninja_fan",
        email: "fan@twitch.example",
        email_verified: true,
        picture: "https://static-cdn.jtvnw.net/user-default-pictures/profile_image-300x300.png",
      },
      claims: { openid: ["sub", "preferred_username", "email", "email_verified", "picture"] },
      scopes: ["user:read:email"],
      routes: { authorization: "/authorize", token: "/token", userinfo: "/userinfo", jwks: "/keys" },
      issParameter: false,
      // Twitch's token answer lists scope as an array.
      reshape: (path, body) =>
        path === "/oauth2/token" && typeof body.scope === "string" ? { ...body, scope: body.scope.split(" ") } : body,
    })
    router = idpRouter({ "https://id.twitch.tv": twitch.origin })
  })
  afterAll(() => twitch.stop())

  it("asks for the ID token claims by name and accepts Twitch's array scope", async () => {
    const jwt = recordJwtCallback()
    const config = testConfig({ providers: [Twitch({ [customFetch]: router.fetch })], callbacks: { jwt: jwt.callback } }, env)
    const outcome = await signInThrough(config, "twitch", viaIdp(router))
    const claims = JSON.parse(outcome.authorizationUrl.searchParams.get("claims") ?? "null")
    expect(claims).toEqual({ id_token: { email: null, picture: null, preferred_username: null } })
    expect(outcome.session?.user).toEqual({
      name: "ninja_fan",
      email: "fan@twitch.example",
      image: "https://static-cdn.jtvnw.net/user-default-pictures/profile_image-300x300.png",
    })
    // The conform hook joined the array (oauth4webapi refuses a non-string scope).
    expect(jwt.calls[0]?.account?.scope).toBe("openid user:read:email")
    const token = router.requests.find((r) => r.url.pathname === "/oauth2/token")
    expect(new URLSearchParams(token?.body).get("client_secret")).toBe(env.AUTH_TWITCH_SECRET)
  })
})
