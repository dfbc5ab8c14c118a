import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { resolveProviders } from "../../lib/core/config/providers.js"
import type { InternalOAuthProvider } from "../../lib/core/config/types.js"
import { authorizationRedirect } from "../../lib/core/oauth/authorization-url.js"
import { oauthCallback } from "../../lib/core/oauth/callback.js"
import Google from "../../lib/providers/google.js"
import {
  followAuthorization,
  type IdpRouter,
  idpRouter,
  type OidcIssuer,
  type OidcStandIn,
  startOidcIssuer,
  startOidcStandIn,
} from "../utils/oidc/index.js"
import { BASE_URL, jarOf, oauthContext, queryOf } from "../core/oauth/oauth-context.js"
import { customFetch } from "../../lib/core/vocabulary/custom-fetch.js"
import { recordJwtCallback } from "../utils/record-callbacks.js"
import { signInThrough, viaIdp } from "../utils/sign-in-flow.js"
import { testConfig } from "../utils/test-config.js"

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

describe("Google, its real configuration against a stand-in for accounts.google.com", () => {
  const account = {
    sub: "110169484474386276334",
    name: "Ada Lovelace",
    given_name: "Ada",
    family_name: "Lovelace",
    email: "Ada.Lovelace@gmail.com",
    email_verified: true,
    picture: "https://lh3.googleusercontent.com/a/ACg8ocK",
    hd: "example.org",
    locale: "en",
  }
  let google: OidcStandIn
  let router: IdpRouter

  beforeAll(async () => {
    google = await startOidcStandIn({
      issuer: "https://accounts.google.com",
      clients: [{ client_id: "g-id", client_secret: "g-secret", redirect_uris: [`${BASE_URL}/callback/google`] }],
      account,
      claims: { profile: ["name", "given_name", "family_name", "picture", "locale", "hd"], email: ["email", "email_verified"] },
      routes: { authorization: "/o/oauth2/v2/auth", jwks: "/oauth2/v3/certs" },
    })
    router = idpRouter({ "https://accounts.google.com": google.origin })
  })
  afterAll(() => google.stop())

  it("signs in with the ID token's claims, discovered from the production issuer", async () => {
    const jwt = recordJwtCallback()
    const config = testConfig(
      { providers: [Google({ [customFetch]: router.fetch })], callbacks: { jwt: jwt.callback } },
      { AUTH_GOOGLE_ID: "g-id", AUTH_GOOGLE_SECRET: "g-secret" },
    )
    const outcome = await signInThrough(config, "google", viaIdp(router))
    expect(outcome.authorizationUrl.origin + outcome.authorizationUrl.pathname).toBe(
      "https://accounts.google.com/o/oauth2/v2/auth",
    )
    expect(outcome.authorizationUrl.searchParams.get("scope")).toBe("openid profile email")
    expect(outcome.callback.headers.location).toBe("http://localhost:3000/home")
    expect(outcome.session?.user).toEqual({
      name: "Ada Lovelace",
      email: "ada.lovelace@gmail.com",
      image: "https://lh3.googleusercontent.com/a/ACg8ocK",
    })
    expect(jwt.calls[0]?.account).toMatchObject({ provider: "google", type: "oidc", providerAccountId: account.sub })
    expect(jwt.calls[0]?.profile).toMatchObject({ iss: "https://accounts.google.com", aud: "g-id", hd: "example.org" })
    expect(router.calls()).toEqual(
      expect.arrayContaining([
        "GET https://accounts.google.com/.well-known/openid-configuration",
        "POST https://accounts.google.com/token",
        "GET https://accounts.google.com/oauth2/v3/certs",
      ]),
    )
  })
})
