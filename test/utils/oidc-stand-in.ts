import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import Provider from "oidc-provider"
import { rsaKeyPairJwk } from "./rsa-jwk.js"

/** A client registered at the stand-in (RFC 7591 metadata names). */
export interface StandInClient {
  client_id: string
  client_secret?: string
  redirect_uris: string[]
  token_endpoint_auth_method?: "client_secret_basic" | "client_secret_post" | "client_secret_jwt" | "private_key_jwt" | "none"
  /** The client's public keys, for `private_key_jwt`. */
  jwks?: { keys: Array<Record<string, unknown>> }
  post_logout_redirect_uris?: string[]
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
 * A real OpenID Provider (oidc-provider) posing as a named IdP: its issuer is the IdP's production
 * issuer (path included), reached through an `idpRouter` that forwards the public host and scheme,
 * so discovery, `iss` and every endpoint URL look exactly like the real IdP's. Login and consent
 * complete without a UI for `account`.
 */
export async function startOidcStandIn(options: OidcStandInOptions): Promise<OidcStandIn> {
  const issuerPath = new URL(options.issuer).pathname.replace(/\/$/, "")
  const mounts = [issuerPath, ...(options.alsoMountedAt ?? [])].sort((a, b) => b.length - a.length)
  const requests: string[] = []
  let provider: Provider | undefined
  let app: ((req: IncomingMessage, res: ServerResponse) => void) | undefined

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x")
    requests.push(`${req.method} ${url.pathname}`)
    if (url.pathname.startsWith("/interaction/") && provider) {
      completeInteraction(provider, req, res, options.account.sub).catch((error: unknown) => {
        res.statusCode = 500
        res.end(String(error))
      })
      return
    }
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
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo

  const jwk = { ...rsaKeyPairJwk().privateJwk, alg: "RS256", use: "sig", kid: "stand-in-key" }
  const grantTypes = options.refreshTokens ? ["authorization_code", "refresh_token"] : ["authorization_code"]
  provider = new Provider(options.issuer, {
    clients: options.clients.map((client) => ({ grant_types: grantTypes, response_types: ["code"], ...client })),
    jwks: { keys: [jwk] },
    cookies: { keys: ["oidc-stand-in-cookie-key"] },
    claims: { openid: ["sub"], ...options.claims },
    scopes: ["openid", "offline_access", ...(options.scopes ?? [])],
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: false },
      claimsParameter: { enabled: true },
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    routes: options.routes,
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    pkce: { required: () => false },
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
    async findAccount(_ctx: unknown, sub: string) {
      if (sub !== options.account.sub) return undefined
      return { accountId: sub, claims: async () => ({ ...options.account }) }
    },
    renderError(ctx: { type: string; body: unknown }, out: Record<string, unknown>) {
      ctx.type = "json"
      ctx.body = out
    },
  })
  Object.assign(provider, { proxy: true })
  provider.on("server_error", () => {})
  app = provider.callback()

  return {
    origin: `http://127.0.0.1:${port}`,
    issuer: options.issuer,
    requests,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

async function completeInteraction(provider: Provider, req: IncomingMessage, res: ServerResponse, accountId: string) {
  const details = await provider.interactionDetails(req, res)
  if (details.prompt.name === "login") {
    return provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false })
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
