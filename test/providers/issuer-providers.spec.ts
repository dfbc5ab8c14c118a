// The OIDC providers whose issuer is the customer's own (a tenant, realm, pool or instance):
// Auth0, Keycloak, Okta, Cognito, ZITADEL and authentik. Each signs in against a stand-in that
// serves a realistic issuer (path and trailing slash included) with that IdP's claims.
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { resolveProviders } from "../../lib/core/config/providers.js"
import type { InternalOAuthProvider } from "../../lib/core/config/types.js"
import { customFetch } from "../../lib/core/vocabulary/custom-fetch.js"
import Auth0 from "../../lib/providers/auth0.js"
import Authentik from "../../lib/providers/authentik.js"
import Cognito from "../../lib/providers/cognito.js"
import Keycloak from "../../lib/providers/keycloak.js"
import Okta from "../../lib/providers/okta.js"
import type { OAuthConfig, OAuthUserConfig } from "../../lib/providers/types.js"
import Zitadel from "../../lib/providers/zitadel.js"
import { idpRouter, startOidcStandIn } from "../utils/oidc/index.js"
import { signInThrough, viaIdp } from "../utils/sign-in-flow.js"
import { testConfig } from "../utils/test-config.js"

interface Case {
  factory: (config?: OAuthUserConfig<any>) => OAuthConfig<any>
  id: string
  issuer: string
  checks: string[]
  /** The IdP's own endpoint paths below the issuer. */
  routes?: Record<string, string>
  claims: Record<string, string[]>
  account: { sub: string } & Record<string, unknown>
  user: { name: unknown; email: unknown; image: unknown }
}

const cases: Case[] = [
  {
    factory: Auth0,
    id: "auth0",
    issuer: "https://dev-abc123.us.auth0.com/", // Auth0's issuer ends in a slash
    checks: ["pkce"],
    routes: { authorization: "/authorize", token: "/oauth/token", userinfo: "/userinfo", jwks: "/.well-known/jwks.json" },
    claims: { profile: ["name", "nickname", "picture"], email: ["email", "email_verified"] },
    account: { sub: "google-oauth2|1045", name: "Lin Chen", nickname: "lin", email: "lin@x.example", picture: "https://s.gravatar.com/lin.png" },
    user: { name: "Lin Chen", email: "lin@x.example", image: "https://s.gravatar.com/lin.png" },
  },
  {
    factory: Keycloak,
    id: "keycloak",
    issuer: "https://sso.example.com/realms/acme",
    checks: ["pkce"],
    routes: {
      authorization: "/protocol/openid-connect/auth",
      token: "/protocol/openid-connect/token",
      userinfo: "/protocol/openid-connect/userinfo",
      jwks: "/protocol/openid-connect/certs",
    },
    claims: { profile: ["name", "preferred_username", "given_name", "family_name"], email: ["email", "email_verified"] },
    account: { sub: "f:5c7d:bob", preferred_username: "bob", given_name: "Bob", family_name: "Smith", email: "Bob@Acme.example" },
    // No `name` claim: the default mapper falls back to preferred_username.
    user: { name: "bob", email: "bob@acme.example", image: undefined },
  },
  {
    factory: Okta,
    id: "okta",
    issuer: "https://dev-123456.okta.com/oauth2/default",
    checks: ["pkce", "state"],
    routes: { authorization: "/v1/authorize", token: "/v1/token", userinfo: "/v1/userinfo", jwks: "/v1/keys" },
    claims: { profile: ["name", "preferred_username", "locale"], email: ["email", "email_verified"] },
    account: { sub: "00u1abcd", name: "Okta User", preferred_username: "user@okta.example", email: "user@okta.example" },
    user: { name: "Okta User", email: "user@okta.example", image: undefined },
  },
  {
    factory: Cognito,
    id: "cognito",
    issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI",
    checks: ["pkce"],
    claims: { openid: ["sub", "cognito:username"], email: ["email", "email_verified"] },
    account: { sub: "8d4e0b42-1c5f", "cognito:username": "marta", email: "marta@pool.example" },
    user: { name: "marta", email: "marta@pool.example", image: null },
  },
  {
    factory: Zitadel,
    id: "zitadel",
    issuer: "https://acme-abc123.zitadel.cloud",
    checks: ["pkce"],
    routes: { authorization: "/oauth/v2/authorize", token: "/oauth/v2/token", userinfo: "/oidc/v1/userinfo", jwks: "/oauth/v2/keys" },
    claims: { profile: ["name", "preferred_username", "picture"], email: ["email", "email_verified"] },
    account: { sub: "2189001", name: "Zoe Z", email: "zoe@zitadel.example", picture: "https://acme.zitadel.cloud/zoe.png" },
    user: { name: "Zoe Z", email: "zoe@zitadel.example", image: "https://acme.zitadel.cloud/zoe.png" },
  },
  {
    factory: Authentik,
    id: "authentik",
    issuer: "https://authentik.example.com/application/o/my-app/", // trailing slash, as authentik names it
    checks: ["pkce"],
    claims: { profile: ["name", "nickname", "preferred_username"], email: ["email", "email_verified"] },
    account: { sub: "a1b2c3", nickname: "akadmin", preferred_username: "akadmin", email: "admin@authentik.example" },
    user: { name: "akadmin", email: "admin@authentik.example", image: undefined },
  },
]

describe.each(cases)("$id", (c) => {
  const ENV = c.id.toUpperCase()
  const env = { [`AUTH_${ENV}_ID`]: `${c.id}-client`, [`AUTH_${ENV}_SECRET`]: `${c.id}-secret`, [`AUTH_${ENV}_ISSUER`]: c.issuer }
  const router = { current: undefined as ReturnType<typeof idpRouter> | undefined }
  let stop: () => Promise<void>

  beforeAll(async () => {
    const standIn = await startOidcStandIn({
      issuer: c.issuer,
      clients: [
        { client_id: `${c.id}-client`, client_secret: `${c.id}-secret`, redirect_uris: [`http://localhost:3000/auth/callback/${c.id}`] },
      ],
      account: c.account,
      claims: c.claims,
      routes: c.routes,
    })
    router.current = idpRouter({ [new URL(c.issuer).origin]: standIn.origin })
    stop = standIn.stop
  })
  afterAll(() => stop())

  it(`reads AUTH_${ENV}_ID, _SECRET and _ISSUER, and has Auth.js's checks`, () => {
    const [provider] = resolveProviders([c.factory], env) as InternalOAuthProvider[]
    expect(provider).toMatchObject({ id: c.id, type: "oidc", issuer: c.issuer, clientId: `${c.id}-client`, checks: c.checks })
    expect(() => resolveProviders([c.factory], { ...env, [`AUTH_${ENV}_ISSUER`]: undefined })).toThrow(
      `set AUTH_${ENV}_ISSUER or pass issuer`,
    )
  })

  it("signs in against the issuer's discovery document and maps the profile", async () => {
    const provider = c.factory({ [customFetch]: router.current!.fetch })
    const outcome = await signInThrough(testConfig({ providers: [provider] }, env), c.id, viaIdp(router.current!))
    expect(outcome.authorizationUrl.href.startsWith(c.issuer.replace(/\/$/, ""))).toBe(true)
    expect(outcome.authorizationUrl.searchParams.has("state")).toBe(c.checks.includes("state"))
    expect(outcome.callback.headers.location).toBe("http://localhost:3000/home")
    expect(outcome.session?.user).toEqual(c.user)
    expect(router.current!.calls()[0]).toBe(`GET ${c.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`)
  })
})
