import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { resolveProviders } from "../../lib/core/config/providers.js"
import type { InternalOAuthProvider } from "../../lib/core/config/types.js"
import { authorizationRedirect } from "../../lib/core/oauth/authorization-url.js"
import { oauthCallback } from "../../lib/core/oauth/callback.js"
import Google from "../../lib/providers/google.js"
import { followAuthorization, startOidcIssuer, type OidcIssuer } from "../utils/oidc-issuer.js"
import { BASE_URL, jarOf, oauthContext, queryOf } from "../core/oauth/oauth-context.js"

describe("Google", () => {
  it("is an OIDC provider discovered from accounts.google.com", () => {
    expect(Google()).toEqual({
      id: "google",
      name: "Google",
      type: "oidc",
      issuer: "https://accounts.google.com",
      style: { brandColor: "#1a73e8" },
      options: undefined,
    })
  })

  it("takes its credentials from AUTH_GOOGLE_ID and AUTH_GOOGLE_SECRET", () => {
    const [google] = resolveProviders([Google], { AUTH_GOOGLE_ID: "g-id", AUTH_GOOGLE_SECRET: "g-secret" })
    expect(google).toMatchObject({ clientId: "g-id", clientSecret: "g-secret", checks: ["pkce"] })
  })

  it("keeps authorization params for the discovered endpoint", () => {
    const [google] = resolveProviders(
      [Google({ clientId: "g", clientSecret: "s", authorization: { params: { prompt: "consent", access_type: "offline" } } })],
      {},
    ) as InternalOAuthProvider[]
    const params = google?.authorization?.url?.searchParams
    expect(params?.get("prompt")).toBe("consent")
    expect(params?.get("access_type")).toBe("offline")
    expect(params?.get("scope")).toBe("openid profile email")
  })

  describe("sign-in (issuer pointed at a local OpenID Provider)", () => {
    let idp: OidcIssuer
    beforeAll(async () => {
      idp = await startOidcIssuer({
        clients: [{ client_id: "g-id", client_secret: "g-secret", redirect_uris: [`${BASE_URL}/callback/google`] }],
      })
    })
    afterAll(() => idp.stop())

    it("maps the ID token with the default mapper", async () => {
      const [google] = resolveProviders(
        [Google({ issuer: idp.issuer, authorization: { params: { prompt: "consent" } } })],
        { AUTH_GOOGLE_ID: "g-id", AUTH_GOOGLE_SECRET: "g-secret" },
      ) as InternalOAuthProvider[]
      const provider = google as InternalOAuthProvider
      const { url, cookies } = await authorizationRedirect(oauthContext(provider, { method: "POST" }), provider)
      expect(new URL(url).searchParams.get("prompt")).toBe("consent")
      const { callbackUrl } = await followAuthorization(url)
      const ctx = oauthContext(provider, { query: queryOf(callbackUrl), cookies: jarOf(cookies) })
      const result = await oauthCallback(ctx, provider)
      expect(result.user).toEqual({
        id: "alice-sub",
        name: "Alice Liddell",
        email: "alice@example.com",
        image: "https://example.com/alice.png",
      })
      expect(result.account).toMatchObject({ provider: "google", type: "oidc", providerAccountId: "alice-sub" })
    })
  })
})
