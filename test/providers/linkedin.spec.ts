import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { customFetch } from "../../lib/core/vocabulary/custom-fetch.js"
import LinkedIn from "../../lib/providers/linkedin.js"
import { type IdpRouter, idpRouter, type OidcStandIn, startOidcStandIn } from "../utils/oidc/index.js"
import { signInThrough, viaIdp } from "../utils/sign-in-flow.js"
import { testConfig } from "../utils/test-config.js"

const env = { AUTH_LINKEDIN_ID: "86dvkpz0kq8r3e", AUTH_LINKEDIN_SECRET: "linkedin-secret" }

describe("LinkedIn, against a stand-in for www.linkedin.com/oauth", () => {
  let linkedin: OidcStandIn
  let router: IdpRouter

  beforeAll(async () => {
    linkedin = await startOidcStandIn({
      issuer: "https://www.linkedin.com/oauth",
      clients: [
        {
          client_id: env.AUTH_LINKEDIN_ID,
          client_secret: env.AUTH_LINKEDIN_SECRET,
          redirect_uris: ["http://localhost:3000/auth/callback/linkedin"],
          token_endpoint_auth_method: "client_secret_post",
        },
      ],
      account: {
        sub: "782bbtaQ",
        name: "Grace Hopper",
        given_name: "Grace",
        family_name: "Hopper",
        email: "grace@navy.example",
        email_verified: true,
        picture: "https://media.licdn.com/dms/image/C4E03AQ/profile.jpg",
        locale: { country: "US", language: "en" },
      },
      claims: { profile: ["name", "given_name", "family_name", "picture", "locale"], email: ["email", "email_verified"] },
      // LinkedIn's own paths, below the issuer's /oauth.
      routes: { authorization: "/v2/authorization", token: "/v2/accessToken", userinfo: "/v2/userinfo", jwks: "/openid/jwks" },
      issParameter: false,
    })
    router = idpRouter({ "https://www.linkedin.com": linkedin.origin })
  })
  afterAll(() => linkedin.stop())

  it("checks state only and sends the client secret in the body", async () => {
    const config = testConfig({ providers: [LinkedIn({ [customFetch]: router.fetch })] }, env)
    const outcome = await signInThrough(config, "linkedin", viaIdp(router))
    const params = outcome.authorizationUrl.searchParams
    expect(outcome.authorizationUrl.href.startsWith("https://www.linkedin.com/oauth/v2/authorization?")).toBe(true)
    expect(params.has("state")).toBe(true)
    expect(params.has("nonce") || params.has("code_challenge")).toBe(false)
    expect(outcome.session?.user).toEqual({
      name: "Grace Hopper",
      email: "grace@navy.example",
      image: "https://media.licdn.com/dms/image/C4E03AQ/profile.jpg",
    })
    const token = router.requests.find((r) => r.url.pathname === "/oauth/v2/accessToken")
    const body = new URLSearchParams(token?.body)
    expect(body.get("client_id")).toBe(env.AUTH_LINKEDIN_ID)
    expect(body.get("client_secret")).toBe(env.AUTH_LINKEDIN_SECRET)
    expect(body.has("code_verifier")).toBe(false)
  })
})
