import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { customFetch } from "../../lib/core/vocabulary/custom-fetch.js"
import Slack from "../../lib/providers/slack.js"
import { type IdpRouter, idpRouter, type OidcStandIn, startOidcStandIn } from "../utils/oidc/index.js"
import { recordJwtCallback } from "../utils/record-callbacks.js"
import { signInThrough, viaIdp } from "../utils/sign-in-flow.js"
import { testConfig } from "../utils/test-config.js"

const env = { AUTH_SLACK_ID: "2210535565.3712830218", AUTH_SLACK_SECRET: "slack-secret" }

describe("Slack, against a stand-in for slack.com", () => {
  let slack: OidcStandIn
  let router: IdpRouter

  beforeAll(async () => {
    slack = await startOidcStandIn({
      issuer: "https://slack.com",
      clients: [
        { client_id: env.AUTH_SLACK_ID, client_secret: env.AUTH_SLACK_SECRET, redirect_uris: ["http://localhost:3000/auth/callback/slack"] },
      ],
      account: {
        sub: "U0R7MFMJM",
        "https://slack.com/user_id": "U0R7MFMJM",
        "https://slack.com/team_id": "T0R7GR",
        "https://slack.com/team_name": "Acme",
        name: "Kiri Tahu",
        email: "kiri@acme.example",
        email_verified: true,
        picture: "https://secure.gravatar.com/avatar/bc3.jpg",
      },
      claims: {
        openid: ["sub", "https://slack.com/user_id", "https://slack.com/team_id", "https://slack.com/team_name"],
        profile: ["name", "picture"],
        email: ["email", "email_verified"],
      },
      // Slack's own paths.
      routes: {
        authorization: "/openid/connect/authorize",
        token: "/api/openid.connect.token",
        userinfo: "/api/openid.connect.userInfo",
        jwks: "/openid/connect/keys",
      },
      issParameter: false,
    })
    router = idpRouter({ "https://slack.com": slack.origin })
  })
  afterAll(() => slack.stop())

  it("checks a nonce (no PKCE, no state) and maps the ID token with the default mapper", async () => {
    const jwt = recordJwtCallback()
    const config = testConfig({ providers: [Slack({ [customFetch]: router.fetch })], callbacks: { jwt: jwt.callback } }, env)
    const outcome = await signInThrough(config, "slack", viaIdp(router))
    const params = outcome.authorizationUrl.searchParams
    expect(outcome.authorizationUrl.href.startsWith("https://slack.com/openid/connect/authorize?")).toBe(true)
    expect(params.has("nonce")).toBe(true)
    expect(params.has("state") || params.has("code_challenge")).toBe(false)
    expect(outcome.session?.user).toEqual({
      name: "Kiri Tahu",
      email: "kiri@acme.example",
      image: "https://secure.gravatar.com/avatar/bc3.jpg",
    })
    expect(jwt.calls[0]?.profile).toMatchObject({ "https://slack.com/team_id": "T0R7GR" })
    expect(router.calls()).toContain("POST https://slack.com/api/openid.connect.token")
  })
})
