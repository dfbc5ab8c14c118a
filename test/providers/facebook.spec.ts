import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { customFetch } from "../../lib/core/vocabulary/custom-fetch.js"
import Facebook from "../../lib/providers/facebook.js"
import { startApiStandIn, tokenEndpoint, type ApiAnswer, type ApiStandIn } from "../utils/api-stand-in.js"
import { type IdpRouter, idpRouter } from "../utils/oidc/index.js"
import { signInThrough, withCode } from "../utils/sign-in-flow.js"
import { testConfig } from "../utils/test-config.js"

const env = { AUTH_FACEBOOK_ID: "1234567890123456", AUTH_FACEBOOK_SECRET: "fb-secret" }
const client = { id: env.AUTH_FACEBOOK_ID, secret: env.AUTH_FACEBOOK_SECRET, auth: "basic" as const, code: "fb-code" }

describe("Facebook, against a stand-in for facebook.com and graph.facebook.com", () => {
  let facebook: ApiStandIn
  let router: IdpRouter
  let me: ApiAnswer
  beforeAll(async () => {
    facebook = await startApiStandIn({
      "POST https://graph.facebook.com/oauth/access_token": tokenEndpoint(client, () => ({
        json: { access_token: "EAAGm0PX4ZCpsBA", token_type: "bearer", expires_in: 5183944 },
      })),
      "GET https://graph.facebook.com/me": () => me,
    })
    router = idpRouter({ "https://www.facebook.com": facebook.origin, "https://graph.facebook.com": facebook.origin })
  })
  afterAll(() => facebook.stop())
  const config = () => testConfig({ providers: [Facebook({ [customFetch]: router.fetch })] }, env)

  it("asks /me for id, name, email and picture and maps picture.data.url", async () => {
    me = {
      json: {
        id: "10224312315",
        name: "Ola Nordmann",
        email: "ola@fb.example",
        picture: { data: { height: 50, is_silhouette: false, url: "https://platform-lookaside.fbsbx.com/p.jpg", width: 50 } },
      },
    }
    const outcome = await signInThrough(config(), "facebook", withCode(client.code))
    expect(outcome.authorizationUrl.href.startsWith("https://www.facebook.com/v19.0/dialog/oauth?scope=email&")).toBe(true)
    expect(outcome.session?.user).toEqual({ name: "Ola Nordmann", email: "ola@fb.example", image: "https://platform-lookaside.fbsbx.com/p.jpg" })
    const request = facebook.requests.at(-1)
    expect(request?.url.searchParams.get("fields")).toBe("id,name,email,picture")
    expect(request?.headers.authorization).toBe("Bearer EAAGm0PX4ZCpsBA")
  })

  it("signs in an account without email or picture", async () => {
    me = { json: { id: "10224312316", name: "Phone Only" } }
    const outcome = await signInThrough(config(), "facebook", withCode(client.code))
    expect(outcome.session?.user).toEqual({ name: "Phone Only", email: null, image: null })
  })
})
