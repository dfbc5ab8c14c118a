import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { customFetch } from "../../lib/core/vocabulary/custom-fetch.js"
import Twitter from "../../lib/providers/twitter.js"
import { startApiStandIn, tokenEndpoint, type ApiStandIn } from "../utils/api-stand-in.js"
import { idpRouter } from "../utils/oidc/index.js"
import { recordJwtCallback } from "../utils/record-callbacks.js"
import { signInThrough, withCode } from "../utils/sign-in-flow.js"
import { testConfig } from "../utils/test-config.js"

const env = { AUTH_TWITTER_ID: "rG9n6402A3dbUJKzXTNX4oWHJ", AUTH_TWITTER_SECRET: "x-secret" }
const client = { id: env.AUTH_TWITTER_ID, secret: env.AUTH_TWITTER_SECRET, auth: "basic" as const, code: "x-code" }

describe("Twitter (X), OAuth 2 with PKCE, against a stand-in for x.com and api.x.com", () => {
  let x: ApiStandIn
  beforeAll(async () => {
    x = await startApiStandIn({
      "POST https://api.x.com/2/oauth2/token": tokenEndpoint(client, (request) =>
        request.form.get("code_verifier")
          ? {
              json: {
                token_type: "bearer",
                expires_in: 7200,
                access_token: "VGNibzFWSWREZm01bjN1N3dicWlNUG1oa2xRRVNNdmVHelJGY2hPZGRVdTVw",
                scope: "users.read tweet.read offline.access",
                refresh_token: "bWRWa3gzdnk3WHRGU1o0bmRRcTJ5VUxWX1lZTDdJSUtmaWcxbTVxdEFXcW5t",
              },
            }
          : { status: 400, json: { error: "invalid_request", error_description: "Missing required parameter [code_verifier]." } },
      ),
      "GET https://api.x.com/2/users/me": () => ({
        json: {
          data: {
            id: "2244994945",
            name: "X Dev",
            username: "XDevelopers",
            profile_image_url: "https://pbs.twimg.com/profile_images/1445764922474827784/W2zEPN7U_normal.jpg",
          },
        },
      }),
    })
  })
  afterAll(() => x.stop())

  it("sends PKCE and state, and maps the user from `data`", async () => {
    const router = idpRouter({ "https://x.com": x.origin, "https://api.x.com": x.origin })
    const jwt = recordJwtCallback()
    const config = testConfig({ providers: [Twitter({ [customFetch]: router.fetch })], callbacks: { jwt: jwt.callback } }, env)
    const outcome = await signInThrough(config, "twitter", withCode(client.code))
    const url = outcome.authorizationUrl
    expect(`${url.origin}${url.pathname}`).toBe("https://x.com/i/oauth2/authorize")
    expect(url.searchParams.get("scope")).toBe("users.read tweet.read offline.access")
    expect(url.searchParams.has("state") && url.searchParams.has("code_challenge")).toBe(true)
    expect(outcome.session?.user).toEqual({
      name: "X Dev",
      email: null,
      image: "https://pbs.twimg.com/profile_images/1445764922474827784/W2zEPN7U_normal.jpg",
    })
    expect(jwt.calls[0]?.account).toMatchObject({ providerAccountId: "2244994945", refresh_token: expect.any(String) })
    expect(x.requests.at(-1)?.url.searchParams.get("user.fields")).toBe("profile_image_url")
  })
})
