import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { customFetch } from "../../lib/core/vocabulary/custom-fetch.js"
import Reddit from "../../lib/providers/reddit.js"
import { startApiStandIn, tokenEndpoint, type ApiStandIn } from "../utils/api-stand-in.js"
import { idpRouter } from "../utils/oidc/index.js"
import { signInThrough, withCode } from "../utils/sign-in-flow.js"
import { testConfig } from "../utils/test-config.js"

const env = { AUTH_REDDIT_ID: "p-jcoLKBynTLew", AUTH_REDDIT_SECRET: "reddit-secret" }
const client = { id: env.AUTH_REDDIT_ID, secret: env.AUTH_REDDIT_SECRET, auth: "basic" as const, code: "rd-code" }

describe("Reddit, against a stand-in for www.reddit.com and oauth.reddit.com", () => {
  let reddit: ApiStandIn
  beforeAll(async () => {
    reddit = await startApiStandIn({
      "POST https://www.reddit.com/api/v1/access_token": tokenEndpoint(client, () => ({
        json: { access_token: "eyJhbGciOiJSUzI1NiIsImtpZCI6", token_type: "bearer", expires_in: 86400, scope: "identity" },
      })),
      "GET https://oauth.reddit.com/api/v1/me": () => ({
        json: {
          id: "1w72",
          name: "spez",
          icon_img: "https://styles.redditmedia.com/t5_3k30p/styles/profileIcon_snoo.png?width=256&amp;height=256&amp;s=c6a6",
          snoovatar_img: "",
          verified: true,
        },
      }),
    })
  })
  afterAll(() => reddit.stop())

  it("checks state (not PKCE) and un-escapes the icon URL", async () => {
    const router = idpRouter({ "https://www.reddit.com": reddit.origin, "https://oauth.reddit.com": reddit.origin })
    const config = testConfig({ providers: [Reddit({ [customFetch]: router.fetch })] }, env)
    const outcome = await signInThrough(config, "reddit", withCode(client.code))
    const params = outcome.authorizationUrl.searchParams
    expect(outcome.authorizationUrl.href.startsWith("https://www.reddit.com/api/v1/authorize?scope=identity&")).toBe(true)
    expect(params.has("state")).toBe(true)
    expect(params.has("code_challenge")).toBe(false)
    expect(outcome.session?.user).toEqual({
      name: "spez",
      email: null,
      image: "https://styles.redditmedia.com/t5_3k30p/styles/profileIcon_snoo.png?width=256&height=256&s=c6a6",
    })
    expect(reddit.requests[0]?.form.has("code_verifier")).toBe(false)
  })
})
