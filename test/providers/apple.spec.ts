import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { resolveProviders } from "../../lib/core/config/providers.js"
import type { InternalOAuthProvider } from "../../lib/core/config/types.js"
import { customFetch } from "../../lib/core/vocabulary/custom-fetch.js"
import Apple from "../../lib/providers/apple.js"
import { type IdpRouter, idpRouter, type OidcStandIn, startOidcStandIn } from "../utils/oidc/index.js"
import { signInThrough, viaIdp } from "../utils/sign-in-flow.js"
import { testConfig } from "../utils/test-config.js"

const env = { AUTH_APPLE_ID: "com.example.web", AUTH_APPLE_SECRET: "apple-client-secret-jwt" }
const account = {
  sub: "001234.8a1f3c1e2b5d4e6f.1234",
  email: "x7kq9@privaterelay.appleid.com",
  email_verified: "true",
  is_private_email: "true",
}
/** What Apple's form_post adds on the first consent only. */
const firstConsentUser = JSON.stringify({
  name: { firstName: "Maria", lastName: "Skłodowska" },
  email: "x7kq9@privaterelay.appleid.com",
})

describe("Apple", () => {
  it("uses form_post, nonce and state, and client_secret_post (Auth.js's settings)", () => {
    const [apple] = resolveProviders([Apple], env) as InternalOAuthProvider[]
    expect(apple).toMatchObject({
      issuer: "https://appleid.apple.com",
      checks: ["nonce", "state"],
      client: { token_endpoint_auth_method: "client_secret_post" },
      formPost: true,
    })
    expect(apple?.authorization?.url?.searchParams.get("scope")).toBe("name email")
  })

  describe("sign-in against a stand-in for appleid.apple.com", () => {
    let apple: OidcStandIn
    let router: IdpRouter

    beforeAll(async () => {
      apple = await startOidcStandIn({
        issuer: "https://appleid.apple.com",
        clients: [
          {
            client_id: env.AUTH_APPLE_ID,
            client_secret: env.AUTH_APPLE_SECRET,
            redirect_uris: ["http://localhost:3000/auth/callback/apple"],
            token_endpoint_auth_method: "client_secret_post",
          },
        ],
        account,
        claims: { email: ["email", "email_verified", "is_private_email"] },
        routes: { authorization: "/auth/authorize", token: "/auth/token", jwks: "/auth/keys" },
        issParameter: false,
        // Apple issues an ID token for "name email" without "openid"; oidc-provider needs it.
        adjustAuthorization: (query) => query.set("scope", `openid ${query.get("scope") ?? ""}`),
      })
      router = idpRouter({ "https://appleid.apple.com": apple.origin })
    })
    afterAll(() => apple.stop())

    const config = () => testConfig({ providers: [Apple({ [customFetch]: router.fetch })] }, env)

    it("takes the name from the first consent's user field, via a POSTed callback", async () => {
      const outcome = await signInThrough(config(), "apple", viaIdp(router, (form) => (form.user = firstConsentUser)))
      const params = outcome.authorizationUrl.searchParams
      expect(params.get("response_mode")).toBe("form_post")
      expect(params.has("nonce") && params.has("state")).toBe(true)
      expect(params.has("code_challenge")).toBe(false)
      expect(outcome.callback.headers.location).toBe("http://localhost:3000/home")
      expect(outcome.session?.user).toEqual({ name: "Maria Skłodowska", email: account.email, image: null })
      const token = router.requests.find((r) => r.url.pathname === "/auth/token")
      expect(new URLSearchParams(token?.body).get("client_secret")).toBe(env.AUTH_APPLE_SECRET)
      expect(token?.headers.get("authorization")).toBeNull()
    })

    it("falls back to the email on later sign-ins, and ignores a malformed user field", async () => {
      const later = await signInThrough(config(), "apple", viaIdp(router))
      expect(later.session?.user).toEqual({ name: account.email, email: account.email, image: null })
      const garbled = await signInThrough(config(), "apple", viaIdp(router, (form) => (form.user = "{not json")))
      expect(garbled.session?.user?.name).toBe(account.email)
    })
  })
})
