import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import type Provider from "oidc-provider"
import { rsaKeyPairJwk } from "../rsa-jwk.js"
import { loadOidcProvider } from "./load-provider.js"

// Two ways to run a real OpenID Provider (oidc-provider) on 127.0.0.1, both completing login and
// consent without a UI:
// - `startOidcIssuer`: a generic issuer at `http://127.0.0.1:<port>`, for the core flows;
// - `startOidcStandIn`: posing as a named IdP (Google, Entra, ...) under its production issuer,
//   reached through an `idpRouter` (./router.ts).

/** A client registered at the issuer (RFC 7591 metadata names). */
export interface TestClient {
  client_id: string
  client_secret?: string
  redirect_uris: string[]
  token_endpoint_auth_method?: "client_secret_basic" | "client_secret_post" | "client_secret_jwt" | "private_key_jwt" | "none"
  /** The client's public keys, for `private_key_jwt`. */
  jwks?: { keys: Array<Record<string, unknown>> }
  post_logout_redirect_uris?: string[]
}

/** The stand-in registers the same client metadata. */
export type StandInClient = TestClient

type Accounts = Record<string, Record<string, unknown>>

export const defaultAccounts = {
  "alice-sub": {
    name: "Alice Liddell",
    preferred_username: "alice",
    email: "Alice@Example.com",
    email_verified: true,
    picture: "https://example.com/alice.png",
  },
}

export interface StartOidcIssuerOptions {
  clients: TestClient[]
  /** Accounts by `sub`; their claims are what the ID token and userinfo carry. */
  accounts?: Accounts
  /**
   * The account every interaction signs in as. Default: the first account. An authorization request
   * with `login_hint=<sub>` naming a known account signs in as that account instead.
   */
  accountId?: string
  /**
   * Issue refresh tokens, rotate them on every use, and revoke the whole grant when a spent one comes
   * back (oidc-provider's reuse detection, as Auth0, Okta or Keycloak do). Default off.
   */
  refreshTokens?: boolean
  /** Answer token requests this much later (ms), as a real IdP across a network would: widens refresh races. */
  tokenDelayMs?: number
}

/** What the refresh-token grant saw (with `refreshTokens`). */
export interface RefreshGrantLog {
  /** Refresh-token grant requests, answered or refused. */
  requests: number
  /** Why each refused one was refused (e.g. "refresh token already used"). */
  refused: string[]
  /** Grants revoked (reuse detection). */
  revoked: number
}

export interface OidcIssuer {
  /** `http://127.0.0.1:<port>` */
  issuer: string
  /** Every request the issuer received, as `METHOD /path`. */
  requests: string[]
  refreshGrants: RefreshGrantLog
  stop(): Promise<void>
}

/**
 * A generic OpenID Provider on 127.0.0.1 with a random port. Its interaction URL answers at once
 * for the configured account and grants everything requested (`?deny=1` on that URL denies instead;
 * `followAuthorization(url, { deny: true })` does that).
 */
export async function startOidcIssuer(options: StartOidcIssuerOptions): Promise<OidcIssuer> {
  const accounts = options.accounts ?? defaultAccounts
  const accountId = options.accountId ?? Object.keys(accounts)[0]
  const requests: string[] = []
  let provider: Provider | undefined
  let app: ((req: IncomingMessage, res: ServerResponse) => void) | undefined

  const server = await listen((req, res) => {
    requests.push(`${req.method} ${new URL(req.url ?? "/", "http://x").pathname}`)
    if (req.url?.startsWith("/interaction/") && provider) return interact(provider, req, res, accounts, accountId)
    const delay = req.method === "POST" && req.url?.startsWith("/token") ? (options.tokenDelayMs ?? 0) : 0
    if (!app) res.writeHead(503).end()
    else if (delay > 0) setTimeout(() => app?.(req, res), delay)
    else app(req, res)
  })
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const OidcProvider = await loadOidcProvider()
  provider = new OidcProvider(issuer, {
    ...commonConfiguration("test-key", accounts),
    clients: options.clients.map((client) => ({
      grant_types: options.refreshTokens ? ["authorization_code", "refresh_token"] : ["authorization_code"],
      response_types: ["code"],
      ...client,
    })),
    ...(options.refreshTokens ? { issueRefreshToken: async () => true, rotateRefreshToken: true } : {}),
    cookies: { keys: ["oidc-issuer-test-cookie-key"] },
    claims: {
      openid: ["sub"],
      profile: ["name", "nickname", "preferred_username", "picture"],
      email: ["email", "email_verified"],
    },
    features: { devInteractions: { enabled: false } },
    ttl: { AccessToken: 3600, AuthorizationCode: 60, Grant: 3600, IdToken: 3600, Interaction: 600, Session: 3600 },
  })
  // Silence its expected client errors (invalid_grant on code replay, ...).
  provider.on("server_error", () => {})
  const refreshGrants = logRefreshGrants(provider)
  app = provider.callback()

  return { issuer, requests, refreshGrants, stop: () => stop(server) }
}

/** Counts refresh-token grants, their refusals and the grants revoked by reuse detection. */
function logRefreshGrants(provider: Provider): RefreshGrantLog {
  const log: RefreshGrantLog = { requests: 0, refused: [], revoked: 0 }
  type GrantContext = { oidc?: { params?: { grant_type?: unknown } } }
  type GrantError = { error_detail?: string; error_description?: string; message: string }
  const isRefresh = (ctx: GrantContext) => ctx.oidc?.params?.grant_type === "refresh_token"
  provider.on("grant.success", (ctx: GrantContext) => void (isRefresh(ctx) && log.requests++))
  provider.on("grant.error", (ctx: GrantContext, error: GrantError) => {
    if (!isRefresh(ctx)) return
    log.requests++
    log.refused.push(error.error_detail ?? error.error_description ?? error.message)
  })
  provider.on("grant.revoked", () => void log.revoked++)
  return log
}

export interface OidcStandInOptions {
  /** The IdP's real issuer, e.g. `https://accounts.google.com`; requests reach us through an `idpRouter`. */
  issuer: string
  clients: StandInClient[]
  /** The account every sign-in uses: `sub` and the claims the IdP would put in its ID token. */
  account: { sub: string } & Record<string, unknown>
  /** Which claims each scope releases, beyond `openid: ["sub"]`. */
  claims?: Record<string, string[]>
  /** Scopes the IdP grants besides those of `claims` (oidc-provider drops unknown ones). */
  scopes?: string[]
  /** Other public path prefixes served by the same IdP (Entra's `/common/v2.0` beside the tenant's). */
  alsoMountedAt?: string[]
  /** oidc-provider route overrides, to mirror the IdP's paths (`{ token: "/oauth2/token" }`). */
  routes?: Record<string, string>
  /** Issue refresh tokens (rotated on every use, as oidc-provider does for confidential clients). */
  refreshTokens?: boolean
  /** Seconds access tokens live. Default 3600. */
  accessTokenTtl?: number
  /** Rewrites a JSON answer as the real IdP would shape it (`path` is the public path). */
  reshape?: (path: string, body: Record<string, unknown>) => Record<string, unknown>
  /** Adjusts an incoming authorization request's query (e.g. an IdP that implies `openid`). */
  adjustAuthorization?: (query: URLSearchParams) => void
  /** `false` for IdPs without RFC 9207: no `iss` on the redirect back, none advertised. Default true. */
  issParameter?: boolean
}

export interface OidcStandIn {
  /** `http://127.0.0.1:<port>`: give it to an `idpRouter` for the issuer's origin. */
  origin: string
  issuer: string
  /** `METHOD /public/path` of every request. */
  requests: string[]
  stop(): Promise<void>
}

/**
 * An OpenID Provider posing as a named IdP: its issuer is the IdP's production issuer (path
 * included), reached through an `idpRouter` that forwards the public host and scheme, so discovery,
 * `iss` and every endpoint URL look exactly like the real IdP's. Sign-in completes for `account`.
 */
export async function startOidcStandIn(options: OidcStandInOptions): Promise<OidcStandIn> {
  const issuerPath = new URL(options.issuer).pathname.replace(/\/$/, "")
  const mounts = [issuerPath, ...(options.alsoMountedAt ?? [])].sort((a, b) => b.length - a.length)
  const { sub } = options.account
  const accounts: Accounts = { [sub]: options.account }
  const requests: string[] = []
  let provider: Provider | undefined
  let app: ((req: IncomingMessage, res: ServerResponse) => void) | undefined

  const server = await listen((req, res) => {
    const url = new URL(req.url ?? "/", "http://x")
    requests.push(`${req.method} ${url.pathname}`)
    if (url.pathname.startsWith("/interaction/") && provider) return interact(provider, req, res, accounts, sub)
    const mount = mounts.find((m) => m === "" || url.pathname === m || url.pathname.startsWith(`${m}/`))
    if (mount === undefined || !app) return void res.writeHead(404).end()
    if (options.adjustAuthorization && url.pathname === `${mount}${options.routes?.authorization ?? "/auth"}`) {
      options.adjustAuthorization(url.searchParams)
    }
    // Mounted like Express would: oidc-provider reads the mount path from originalUrl.
    Object.assign(req, { originalUrl: `${url.pathname}${url.search}` })
    req.url = `${url.pathname.slice(mount.length) || "/"}${url.search}`
    if (options.issParameter === false) withoutIssParameter(res)
    const reshape = options.issParameter === false ? withoutIssSupport(options.reshape) : options.reshape
    if (reshape) reshapeJson(res, (body) => reshape(url.pathname, body))
    app(req, res)
  })

  const grantTypes = options.refreshTokens ? ["authorization_code", "refresh_token"] : ["authorization_code"]
  const OidcProvider = await loadOidcProvider()
  provider = new OidcProvider(options.issuer, {
    ...commonConfiguration("stand-in-key", accounts),
    clients: options.clients.map((client) => ({ grant_types: grantTypes, response_types: ["code"], ...client })),
    cookies: { keys: ["oidc-stand-in-cookie-key"] },
    claims: { openid: ["sub"], ...options.claims },
    scopes: ["openid", "offline_access", ...(options.scopes ?? [])],
    features: {
      devInteractions: { enabled: false },
      claimsParameter: { enabled: true },
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    routes: options.routes,
    issueRefreshToken: async () => options.refreshTokens === true,
    // Every refresh spends the refresh token; reusing a spent one revokes the whole grant.
    rotateRefreshToken: true,
    ttl: {
      AccessToken: options.accessTokenTtl ?? 3600,
      AuthorizationCode: 60,
      Grant: 3600,
      IdToken: 3600,
      Interaction: 600,
      Session: 3600,
      RefreshToken: 3600,
    },
  })
  // Behind the router: the public host and scheme come from X-Forwarded-*.
  Object.assign(provider, { proxy: true })
  provider.on("server_error", () => {})
  app = provider.callback()

  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    issuer: options.issuer,
    requests,
    stop: () => stop(server),
  }
}

/** What both issuers configure alike: signing key, headless interactions, JSON errors, accounts. */
function commonConfiguration(kid: string, accounts: Accounts) {
  return {
    jwks: { keys: [{ ...rsaKeyPairJwk().privateJwk, alg: "RS256", use: "sig", kid }] },
    // Put the profile claims in the ID token too, so both profile sources can be tested.
    conformIdTokenClaims: false,
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    pkce: { required: () => false },
    async findAccount(_ctx: unknown, sub: string) {
      const claims = Object.hasOwn(accounts, sub) ? accounts[sub] : undefined
      if (!claims) return undefined
      return { accountId: sub, claims: async () => ({ sub, ...claims }) }
    },
    renderError(ctx: { type: string; body: unknown }, out: Record<string, unknown>) {
      ctx.type = "json"
      ctx.body = out
    },
  }
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Server> {
  const server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return server
}

function stop(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.closeAllConnections()
    server.close((error) => (error ? reject(error) : resolve()))
  })
}

function interact(provider: Provider, req: IncomingMessage, res: ServerResponse, accounts: Accounts, accountId?: string) {
  completeInteraction(provider, req, res, accounts, accountId).catch((error: unknown) => {
    res.statusCode = 500
    res.end(String(error))
  })
}

/**
 * Answers an interaction without a UI: `?deny` denies; login signs in as `login_hint` when it names
 * a known account, else as `accountId`; consent grants every scope and claim requested.
 */
async function completeInteraction(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  accounts: Accounts,
  accountId: string | undefined,
) {
  const details = await provider.interactionDetails(req, res)
  if (new URL(req.url ?? "/", "http://x").searchParams.has("deny")) {
    const denied = { error: "access_denied", error_description: "The user said no" }
    return provider.interactionFinished(req, res, denied, { mergeWithLastSubmission: false })
  }
  if (details.prompt.name === "login") {
    const hint = details.params.login_hint
    const login = typeof hint === "string" && Object.hasOwn(accounts, hint) ? hint : accountId
    return provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false })
  }
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: details.session?.accountId, clientId: details.params.client_id })
  if (!grant) throw new Error("grant not found")
  const missing = details.prompt.details
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "))
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims)
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, (scopes as string[]).join(" "))
  }
  const grantId = await grant.save()
  return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true })
}

/** Removes RFC 9207's `iss` from the redirects back to the client. */
function withoutIssParameter(res: ServerResponse): void {
  const setHeader = res.setHeader.bind(res)
  res.setHeader = ((name: string, value: number | string | readonly string[]) => {
    if (name.toLowerCase() === "location" && typeof value === "string") {
      const location = new URL(value, "http://relative.invalid")
      location.searchParams.delete("iss")
      value = location.origin === "http://relative.invalid" ? `${location.pathname}${location.search}` : location.href
    }
    return setHeader(name, value)
  }) as typeof res.setHeader
}

/** Drops `authorization_response_iss_parameter_supported` from discovery, then applies `reshape`. */
function withoutIssSupport(reshape: OidcStandInOptions["reshape"]): NonNullable<OidcStandInOptions["reshape"]> {
  return (path, body) => {
    const { authorization_response_iss_parameter_supported: _dropped, ...rest } = body
    return reshape ? reshape(path, rest) : rest
  }
}

/** Buffers what the app writes and lets `rewrite` reshape a JSON object answer before it is sent. */
function reshapeJson(res: ServerResponse, rewrite: (body: Record<string, unknown>) => Record<string, unknown>): void {
  const chunks: Buffer[] = []
  const write = res.write.bind(res)
  const end = res.end.bind(res)
  res.write = ((chunk: unknown) => {
    if (chunk) chunks.push(Buffer.from(chunk as Buffer))
    return true
  }) as typeof res.write
  res.end = ((chunk?: unknown) => {
    if (chunk && typeof chunk !== "function") chunks.push(Buffer.from(chunk as Buffer))
    let body = Buffer.concat(chunks)
    if (String(res.getHeader("content-type") ?? "").includes("json")) {
      try {
        const parsed: unknown = JSON.parse(body.toString("utf8"))
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
          body = Buffer.from(JSON.stringify(rewrite(parsed as Record<string, unknown>)))
        }
      } catch {
        // not JSON after all: sent as is
      }
    }
    if (!res.headersSent) res.setHeader("content-length", body.length)
    if (body.length) write(body)
    return end()
  }) as typeof res.end
}
