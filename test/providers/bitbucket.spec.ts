import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { customFetch } from "../../lib/core/vocabulary/custom-fetch.js"
import Bitbucket from "../../lib/providers/bitbucket.js"
import { startApiStandIn, tokenEndpoint, type ApiAnswer, type ApiStandIn } from "../utils/api-stand-in.js"
import { type IdpRouter, idpRouter } from "../utils/oidc/index.js"
import { signInThrough, withCode } from "../utils/sign-in-flow.js"
import { testConfig } from "../utils/test-config.js"

const env = { AUTH_BITBUCKET_ID: "bb-key", AUTH_BITBUCKET_SECRET: "bb-secret" }
const client = { id: env.AUTH_BITBUCKET_ID, secret: env.AUTH_BITBUCKET_SECRET, auth: "basic" as const, code: "bb-code" }

describe("Bitbucket, against a stand-in for bitbucket.org and api.bitbucket.org", () => {
  let bitbucket: ApiStandIn
  let router: IdpRouter
  let emails: ApiAnswer
  beforeAll(async () => {
    bitbucket = await startApiStandIn({
      "POST https://bitbucket.org/site/oauth2/access_token": tokenEndpoint(client, () => ({
        // Bitbucket says `scopes`, not `scope`.
        json: { access_token: "KzTd9...", scopes: "account email", token_type: "bearer", expires_in: 7200, state: "authorization_code", refresh_token: "Yz8x..." },
      })),
      "GET https://api.bitbucket.org/2.0/user": () => ({
        json: {
          account_id: "557058:c0b72ad0-1cb5-4018-9cdc-0cde8492c443",
          uuid: "{d301aafa-d676-4ee0-88be-962be7417567}",
          username: "evzijst",
          display_name: "Erik van Zijst",
          links: { avatar: { href: "https://secure.gravatar.com/avatar/ev.png" } },
        },
      }),
      "GET https://api.bitbucket.org/2.0/user/emails": () => emails,
    })
    router = idpRouter({ "https://bitbucket.org": bitbucket.origin, "https://api.bitbucket.org": bitbucket.origin })
  })
  afterAll(() => bitbucket.stop())
  beforeEach(() => {
    emails = {
      json: {
        values: [
          { email: "old@bb.example", is_primary: false, is_confirmed: true, type: "email" },
          { email: "Erik@BB.example", is_primary: true, is_confirmed: true, type: "email" },
        ],
      },
    }
  })
  const config = () => testConfig({ providers: [Bitbucket({ [customFetch]: router.fetch })] }, env)

  it("reads the primary confirmed email from /2.0/user/emails", async () => {
    const outcome = await signInThrough(config(), "bitbucket", withCode(client.code))
    expect(outcome.authorizationUrl.searchParams.get("scope")).toBe("account email")
    expect(outcome.session?.user).toEqual({
      name: "Erik van Zijst",
      email: "erik@bb.example",
      image: "https://secure.gravatar.com/avatar/ev.png",
    })
    const lastTwo = bitbucket.requests.slice(-2)
    for (const request of lastTwo) expect(request.headers.authorization).toBe("Bearer KzTd9...")
  })

  it("signs in without an email when the email scope was not granted", async () => {
    emails = { status: 403, json: { type: "error", error: { message: "Access denied" } } }
    const outcome = await signInThrough(config(), "bitbucket", withCode(client.code))
    expect(outcome.session?.user).toMatchObject({ name: "Erik van Zijst", email: null })
  })
})
