// tokens.keep / refresh / revokeOnSignOut / endSessionOnSignOut against a Keycloak stand-in that
// issues refresh tokens, rotates them on every use, and revokes the whole grant when a spent one
// comes back (oidc-provider's reuse detection): exactly what a refresh race would trip over.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import type { AuthConfig, ResolvedConfig } from "../../../lib/core/config/types.js"
import { decode, encode } from "../../../lib/core/jwt/encode-decode.js"
import type { JWT } from "../../../lib/core/vocabulary/models.js"
import { clearDiscoveryCache } from "../../../lib/core/oauth/client.js"
import { customFetch, type CustomFetch } from "../../../lib/core/vocabulary/custom-fetch.js"
import { readSession } from "../../../lib/core/session/read-session.js"
import { MemoryAdapter } from "../../../lib/adapters/memory-adapter.js"
import { clearRefreshFlights } from "../../../lib/core/tokens/refresh.js"
import Keycloak from "../../../lib/providers/keycloak.js"
import type { TokenOptions } from "../../../lib/providers/types.js"
import { type IdpRouter, idpRouter, type OidcStandIn, startOidcStandIn } from "../../utils/oidc/index.js"
import { applyCookies, getCsrf, makeAuthRequest } from "../../utils/make-auth-request.js"
import { recordJwtCallback } from "../../utils/record-callbacks.js"
import { signInThrough, viaIdp } from "../../utils/sign-in-flow.js"
import { AUTH_SECRET, recordingLogger, SESSION_COOKIE, testConfig } from "../../utils/test-config.js"

const ISSUER = "https://sso.example.com/realms/acme"
const TOKEN_PATH = "/realms/acme/protocol/openid-connect/token"
const env = { AUTH_KEYCLOAK_ID: "app", AUTH_KEYCLOAK_SECRET: "app-secret", AUTH_KEYCLOAK_ISSUER: ISSUER }

let keycloak: OidcStandIn
let router: IdpRouter
/** While set, every request to the IdP fails as if it were down. */
let idpDown = false
const flakyFetch: CustomFetch = (url, init) =>
  idpDown ? Promise.reject(new TypeError("fetch failed")) : router.fetch(url, init)

beforeAll(async () => {
  keycloak = await startOidcStandIn({
    issuer: ISSUER,
    clients: [
      {
        client_id: "app",
        client_secret: "app-secret",
        redirect_uris: ["http://localhost:3000/auth/callback/keycloak"],
        post_logout_redirect_uris: ["http://localhost:3000/home"],
      },
    ],
    account: { sub: "u-1", name: "Rita Levi", email: "rita@acme.example" },
    claims: { profile: ["name"], email: ["email"] },
    routes: {
      authorization: "/protocol/openid-connect/auth",
      token: "/protocol/openid-connect/token",
      userinfo: "/protocol/openid-connect/userinfo",
      jwks: "/protocol/openid-connect/certs",
      revocation: "/protocol/openid-connect/revoke",
      end_session: "/protocol/openid-connect/logout",
    },
    refreshTokens: true,
    accessTokenTtl: 300,
  })
  router = idpRouter({ "https://sso.example.com": keycloak.origin })
})
afterAll(() => keycloak.stop())
afterEach(() => {
  idpDown = false
  clearRefreshFlights()
  router.requests.length = 0
})

function setup(tokens: TokenOptions | undefined, extra: Partial<AuthConfig> = {}) {
  const jwt = recordJwtCallback()
  const log = recordingLogger()
  const config = testConfig(
    {
      providers: [Keycloak({ [customFetch]: flakyFetch, ...(tokens ? { tokens } : {}) })],
      callbacks: { jwt: jwt.callback },
      logger: log.logger,
      ...extra,
    },
    env,
  )
  return { config, jwt, log }
}

async function signIn(config: ResolvedConfig) {
  const outcome = await signInThrough(config, "keycloak", viaIdp(router))
  if (!outcome.token) throw new Error(`no session: ${outcome.callback.headers.location}`)
  return { jar: outcome.jar, token: outcome.token }
}

/** The browser's jar with the session's `expires_at` moved into the past (the access token expired). */
async function expire(jar: Record<string, string>, claims: Partial<JWT> = {}) {
  const token = await decode({ token: jar[SESSION_COOKIE], secret: AUTH_SECRET, salt: SESSION_COOKIE })
  const expired = { ...token, expires_at: Math.floor(Date.now() / 1000) - 60, ...claims }
  return { ...jar, [SESSION_COOKIE]: await encode({ token: expired, secret: AUTH_SECRET, salt: SESSION_COOKIE }) }
}

const refreshGrants = () =>
  router.requests.filter(
    (r) => r.url.pathname === TOKEN_PATH && new URLSearchParams(r.body).get("grant_type") === "refresh_token",
  )

async function cookieToken(cookies: { name: string; value: string }[]): Promise<JWT | null> {
  const cookie = cookies.find((c) => c.name === SESSION_COOKIE && c.value)
  return cookie ? decode({ token: cookie.value, secret: AUTH_SECRET, salt: SESSION_COOKIE }) : null
}

const guardRead = (config: ResolvedConfig, cookies: Record<string, string>) =>
  readSession(config, { protocol: "http", headers: { host: "localhost:3000" }, cookies })

describe("tokens.keep", () => {
  it("is off by default: the session JWT holds no IdP token", async () => {
    const { config } = setup(undefined)
    const { token } = await signIn(config)
    expect(token).not.toHaveProperty("access_token")
    expect(token).not.toHaveProperty("refresh_token")
    expect(config.tokenRefresh).toBe(false)
  })

  it("puts provider, access_token, refresh_token and expires_at in the JWT before the jwt callback runs", async () => {
    const { config, jwt } = setup({ keep: true })
    const { token } = await signIn(config)
    expect(token).toMatchObject({
      provider: "keycloak",
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      expires_at: expect.any(Number),
    })
    expect(token).not.toHaveProperty("id_token")
    expect(jwt.calls[0]?.token.access_token).toBe(jwt.calls[0]?.account?.access_token)
    expect(jwt.calls[0]?.trigger).toBe("signIn")
  })
})

describe("tokens.refresh", () => {
  it("leaves a valid access token alone: no IdP request, no new cookie from the guard", async () => {
    const { config } = setup({ refresh: true })
    const { jar } = await signIn(config)
    const before = router.requests.length
    const read = await guardRead(config, jar)
    expect(read.session?.user?.name).toBe("Rita Levi")
    expect(read.cookies).toEqual([])
    expect(router.requests.length).toBe(before)
  })

  it("refreshes an expired access token on GET session; the jwt callback sees the new one", async () => {
    const { config, jwt } = setup({ refresh: true })
    const { jar, token } = await signIn(config)
    const res = await makeAuthRequest(config, { action: "session", cookies: await expire(jar) })
    const renewed = await cookieToken(res.cookies)
    expect(refreshGrants()).toHaveLength(1)
    expect(new URLSearchParams(refreshGrants()[0]?.body).get("refresh_token")).toBe(token.refresh_token)
    expect(renewed?.access_token).not.toBe(token.access_token)
    expect(renewed?.refresh_token).not.toBe(token.refresh_token) // rotated
    expect(renewed?.expires_at).toBeGreaterThan(Date.now() / 1000 + 200)
    expect(renewed).not.toHaveProperty("error")
    expect(jwt.calls.at(-1)?.token.access_token).toBe(renewed?.access_token)
    expect((res.body as Record<string, unknown>).error).toBeUndefined()
  })

  it("refreshes in the guard's read too, and re-issues the cookie there", async () => {
    const { config } = setup({ refresh: true })
    const { jar, token } = await signIn(config)
    const read = await guardRead(config, await expire(jar))
    const renewed = await cookieToken(read.cookies)
    expect(read.token?.access_token).toBe(renewed?.access_token)
    expect(renewed?.access_token).not.toBe(token.access_token)
  })

  it("refreshes once when concurrent requests carry the same expired token (rotation race)", async () => {
    const { config } = setup({ refresh: true })
    const { jar } = await signIn(config)
    const stale = await expire(jar)
    const reads = await Promise.all([1, 2, 3, 4, 5].map(async () => guardRead(config, stale)))
    expect(refreshGrants()).toHaveLength(1)
    const tokens = reads.map((read) => read.token?.access_token)
    expect(new Set(tokens).size).toBe(1)
    // A request that left the browser before the new cookie arrived gets the same answer.
    const late = await makeAuthRequest(config, { action: "session", cookies: stale })
    expect((await cookieToken(late.cookies))?.access_token).toBe(tokens[0])
    expect(refreshGrants()).toHaveLength(1)
    // The IdP saw no reuse of the spent refresh token: the grant lives, the new token refreshes.
    const next = await guardRead(config, await expire(applyCookies(stale, reads[0]!.cookies)))
    expect(next.session).not.toBeNull()
    expect(next.session?.error).toBeUndefined()
    expect(refreshGrants()).toHaveLength(2)
  })

  it("reports a refused refresh token as session.error = RefreshTokenError, once", async () => {
    const { config, log } = setup({ refresh: true })
    const { jar } = await signIn(config)
    const res = await makeAuthRequest(config, { action: "session", cookies: await expire(jar, { refresh_token: "forged" }) })
    expect(res.body).toMatchObject({ user: { name: "Rita Levi" }, error: "RefreshTokenError" })
    const kept = await cookieToken(res.cookies)
    expect(kept).toMatchObject({ error: "RefreshTokenError" })
    expect(kept).not.toHaveProperty("refresh_token") // refused for good: never sent again
    expect(log.errors.map((e) => e.name)).toContain("RefreshTokenError")
    expect(JSON.stringify(log.errors.map((e) => [e.message, (e.cause as Error)?.message]))).not.toContain("forged")
    const grants = refreshGrants().length
    const again = await makeAuthRequest(config, { action: "session", cookies: applyCookies(jar, res.cookies) })
    expect(again.body).toMatchObject({ error: "RefreshTokenError" })
    expect(refreshGrants().length).toBe(grants)
  })

  it("keeps the refresh token when the IdP is down, and recovers once it is back", async () => {
    const { config } = setup({ refresh: true })
    const { jar } = await signIn(config)
    idpDown = true
    const down = await guardRead(config, await expire(jar))
    expect(down.session).toMatchObject({ error: "RefreshTokenError" })
    expect(await cookieToken(down.cookies)).toMatchObject({ refresh_token: expect.any(String), error: "RefreshTokenError" })
    idpDown = false
    clearRefreshFlights() // skip the retry pause
    const back = await guardRead(config, applyCookies(jar, down.cookies))
    expect(back.session?.error).toBeUndefined()
    expect(await cookieToken(back.cookies)).not.toHaveProperty("error")
  })

  it("is skipped entirely when off, even for a token that carries an expired access token", async () => {
    const { config } = setup({ keep: true })
    expect(config.tokenRefresh).toBe(false)
    const { jar } = await signIn(config)
    const before = router.requests.length
    const read = await guardRead(config, await expire(jar))
    expect(read.cookies).toEqual([])
    expect(read.session?.error).toBeUndefined()
    expect(router.requests.length).toBe(before)
  })

  it("takes config-wide tokens options, which a provider's own override", () => {
    const wide = testConfig({ providers: [Keycloak], tokens: { refresh: true } }, env)
    expect(wide.tokenRefresh).toBe(true)
    expect(wide.providersById.get("keycloak")).toMatchObject({ tokens: { keep: true, refresh: true } })
    const off = testConfig({ providers: [Keycloak({ tokens: { refresh: false } })], tokens: { refresh: true } }, env)
    expect(off.tokenRefresh).toBe(false)
  })
})

describe("sign-out at the IdP", () => {
  async function signOut(config: ResolvedConfig, jar: Record<string, string>) {
    const csrf = await getCsrf(config, jar)
    return makeAuthRequest(config, {
      method: "POST",
      action: "signout",
      cookies: csrf.jar,
      body: { csrfToken: csrf.token, callbackUrl: "http://localhost:3000/home" },
    })
  }

  it("revokes the refresh token (RFC 7009) with tokens.revokeOnSignOut", async () => {
    const { config } = setup({ refresh: true, revokeOnSignOut: true })
    const { jar, token } = await signIn(config)
    const res = await signOut(config, jar)
    expect(res.headers.location).toBe("http://localhost:3000/home")
    expect(res.cookies.find((c) => c.name === SESSION_COOKIE)?.options.maxAge).toBe(0)
    const revocation = router.requests.find((r) => r.url.pathname.endsWith("/protocol/openid-connect/revoke"))
    const body = new URLSearchParams(revocation?.body)
    expect(body.get("token")).toBe(token.refresh_token)
    expect(body.get("token_type_hint")).toBe("refresh_token")
    // Revoked at the IdP: that refresh token no longer refreshes.
    const read = await guardRead(config, await expire(jar))
    expect(read.session?.error).toBe("RefreshTokenError")
  })

  it("sends the browser to the end_session_endpoint with tokens.endSessionOnSignOut", async () => {
    const { config } = setup({ endSessionOnSignOut: true })
    const { jar, token } = await signIn(config)
    expect(token.id_token).toEqual(expect.any(String))
    const res = await signOut(config, jar)
    const location = new URL(res.headers.location ?? "")
    expect(`${location.origin}${location.pathname}`).toBe(`${ISSUER}/protocol/openid-connect/logout`)
    expect(location.searchParams.get("id_token_hint")).toBe(token.id_token)
    expect(location.searchParams.get("client_id")).toBe("app")
    expect(location.searchParams.get("post_logout_redirect_uri")).toBe("http://localhost:3000/home")
    expect(res.cookies.find((c) => c.name === SESSION_COOKIE)?.options.maxAge).toBe(0)
    // The IdP accepts the hint and the registered post-logout URL (it answers its confirmation page).
    const page = await router.fetch(location.href, { redirect: "manual" })
    expect(page.status).toBe(200)
    expect(await page.text()).toContain("logout")
  })

  it("still signs out locally when the IdP cannot be reached", async () => {
    const { config, log } = setup({ revokeOnSignOut: true, endSessionOnSignOut: true })
    const { jar } = await signIn(config)
    idpDown = true
    clearDiscoveryCache() // not even its metadata is known
    const res = await signOut(config, jar)
    expect(res.status).toBe(302)
    expect(res.headers.location).toBe("http://localhost:3000/home")
    expect(res.cookies.find((c) => c.name === SESSION_COOKIE)?.options.maxAge).toBe(0)
    expect(log.errors.map((e) => e.name)).toContain("SignOutError")
  })
})

describe("sign-out at the IdP with database sessions (tokens on the account row)", () => {
  it("revokes the row's refresh token and sends the browser to the end_session_endpoint with its id_token", async () => {
    const adapter = MemoryAdapter()
    const { config } = setup({ revokeOnSignOut: true, endSessionOnSignOut: true }, { adapter, session: { strategy: "database" } })
    const { jar } = await signInThrough(config, "keycloak", viaIdp(router))
    const sessionToken = jar[SESSION_COOKIE]!
    const found = await adapter.getSessionAndUser(sessionToken)
    const account = await adapter.getAccountByUserId(found!.user.id, "keycloak")
    expect(account?.refresh_token).toEqual(expect.any(String))
    expect(account?.id_token).toEqual(expect.any(String))

    const csrf = await getCsrf(config, jar)
    const res = await makeAuthRequest(config, {
      method: "POST",
      action: "signout",
      cookies: csrf.jar,
      body: { csrfToken: csrf.token, callbackUrl: "http://localhost:3000/home" },
    })
    const revocation = router.requests.find((r) => r.url.pathname.endsWith("/protocol/openid-connect/revoke"))
    expect(new URLSearchParams(revocation?.body).get("token")).toBe(account?.refresh_token)
    const location = new URL(res.headers.location ?? "")
    expect(`${location.origin}${location.pathname}`).toBe(`${ISSUER}/protocol/openid-connect/logout`)
    expect(location.searchParams.get("id_token_hint")).toBe(account?.id_token)
    expect(await adapter.getSessionAndUser(sessionToken)).toBeNull()
  })
})
