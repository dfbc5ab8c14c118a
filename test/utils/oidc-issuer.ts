import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import Provider from "oidc-provider"
import { rsaKeyPairJwk } from "./rsa-jwk.js"

/** A client registered at the test issuer (RFC 7591 metadata names). */
export interface TestClient {
  client_id: string
  client_secret?: string
  redirect_uris: string[]
  token_endpoint_auth_method?: "client_secret_basic" | "client_secret_post" | "none"
}

export interface StartOidcIssuerOptions {
  clients: TestClient[]
  /** Accounts by `sub`; their claims are what the ID token and userinfo carry. */
  accounts?: Record<string, Record<string, unknown>>
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

export const defaultAccounts = {
  "alice-sub": {
    name: "Alice Liddell",
    preferred_username: "alice",
    email: "Alice@Example.com",
    email_verified: true,
    picture: "https://example.com/alice.png",
  },
}

/**
 * A real OpenID Provider (oidc-provider) on 127.0.0.1 with a random port. Login and consent are
 * completed without a UI: its interaction URL answers at once for the configured account and
 * grants everything requested (`?deny=1` on that URL denies instead).
 */
export async function startOidcIssuer(options: StartOidcIssuerOptions): Promise<OidcIssuer> {
  const accounts = options.accounts ?? defaultAccounts
  const accountId = options.accountId ?? Object.keys(accounts)[0]
  const requests: string[] = []
  let app: ((req: IncomingMessage, res: ServerResponse) => void) | undefined
  let provider: Provider | undefined

  const server = createServer((req, res) => {
    requests.push(`${req.method} ${new URL(req.url ?? "/", "http://x").pathname}`)
    if (req.url?.startsWith("/interaction/") && provider) {
      completeInteraction(provider, req, res, accountId, accounts).catch((error: unknown) => {
        res.statusCode = 500
        res.end(String(error))
      })
      return
    }
    const delay = req.method === "POST" && req.url?.startsWith("/token") ? (options.tokenDelayMs ?? 0) : 0
    if (!app) res.writeHead(503).end()
    else if (delay > 0) setTimeout(() => app?.(req, res), delay)
    else app(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  const issuer = `http://127.0.0.1:${port}`

  const jwk = { ...rsaKeyPairJwk().privateJwk, alg: "RS256", use: "sig", kid: "test-key" }
  provider = new Provider(issuer, {
    clients: options.clients.map((client) => ({
      grant_types: options.refreshTokens ? ["authorization_code", "refresh_token"] : ["authorization_code"],
      response_types: ["code"],
      ...client,
    })),
    ...(options.refreshTokens ? { issueRefreshToken: async () => true, rotateRefreshToken: true } : {}),
    jwks: { keys: [jwk] },
    cookies: { keys: ["oidc-issuer-test-cookie-key"] },
    claims: {
      openid: ["sub"],
      profile: ["name", "nickname", "preferred_username", "picture"],
      email: ["email", "email_verified"],
    },
    // Put the profile claims in the ID token too, so both profile sources can be tested.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    pkce: { required: () => false },
    ttl: { AccessToken: 3600, AuthorizationCode: 60, Grant: 3600, IdToken: 3600, Interaction: 600, Session: 3600 },
    async findAccount(_ctx: unknown, sub: string) {
      const claims = (accounts as Record<string, Record<string, unknown>>)[sub]
      if (!claims) return undefined
      return { accountId: sub, claims: async () => ({ sub, ...claims }) }
    },
    renderError(ctx: { type: string; body: unknown }, out: Record<string, unknown>) {
      ctx.type = "json"
      ctx.body = out
    },
  })
  // Silence its expected client errors (invalid_grant on code replay, ...).
  provider.on("server_error", () => {})
  const refreshGrants: RefreshGrantLog = { requests: 0, refused: [], revoked: 0 }
  const isRefresh = (ctx: { oidc?: { params?: { grant_type?: unknown } } }) => ctx.oidc?.params?.grant_type === "refresh_token"
  provider.on("grant.success", (ctx: Parameters<typeof isRefresh>[0]) => void (isRefresh(ctx) && refreshGrants.requests++))
  type GrantError = { error_detail?: string; error_description?: string; message: string }
  provider.on("grant.error", (ctx: Parameters<typeof isRefresh>[0], error: GrantError) => {
    if (!isRefresh(ctx)) return
    refreshGrants.requests++
    refreshGrants.refused.push(error.error_detail ?? error.error_description ?? error.message)
  })
  provider.on("grant.revoked", () => void refreshGrants.revoked++)
  app = provider.callback()

  return {
    issuer,
    requests,
    refreshGrants,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

async function completeInteraction(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  accountId: string | undefined,
  accounts: Record<string, unknown>,
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

export interface AuthorizationOutcome {
  /** Where the IdP sends the browser back (our `redirect_uri`; with the answer in the query unless form_post). */
  callbackUrl: URL
  /** `response_mode=form_post`: the fields the IdP's auto-submitting form POSTs to `callbackUrl`. */
  form?: Record<string, string>
}

/**
 * Walks the IdP's redirects for an authorization URL the way a browser would (cookies carried,
 * no JavaScript), until the IdP sends the browser back to another origin (our `redirect_uri`),
 * by redirect or by a `form_post` page.
 */
export async function followAuthorization(
  authorizationUrl: string,
  options: { deny?: boolean } = {},
): Promise<AuthorizationOutcome> {
  const idpOrigin = new URL(authorizationUrl).origin
  const jar = new Map<string, string>()
  let url = new URL(authorizationUrl)
  for (let hop = 0; hop < 10; hop++) {
    if (options.deny && url.pathname.startsWith("/interaction/")) url.searchParams.set("deny", "1")
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join("; ")
    const res = await fetch(url, {
      redirect: "manual",
      headers: cookie ? { cookie } : {},
      signal: AbortSignal.timeout(5_000),
    })
    for (const header of res.headers.getSetCookie()) {
      const [pair = ""] = header.split(";")
      const eq = pair.indexOf("=")
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      if (!value || /max-age=0/i.test(header)) jar.delete(name)
      else jar.set(name, value)
    }
    const location = res.headers.get("location")
    if (!location && res.headers.get("content-type")?.startsWith("text/html")) {
      const posted = readFormPost(await res.text())
      if (posted) return posted
    }
    if (res.status < 300 || res.status >= 400 || !location) {
      throw new Error(`the IdP answered ${res.status} at ${url.pathname}: ${(await res.text()).slice(0, 300)}`)
    }
    await res.body?.cancel()
    url = new URL(location, url)
    if (url.origin !== idpOrigin) return { callbackUrl: url }
  }
  throw new Error("too many redirects at the IdP")
}

/** Reads oidc-provider's form_post page: `<form method="post" action="…">` with hidden inputs. */
function readFormPost(html: string): AuthorizationOutcome | undefined {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1]
  if (!action) return undefined
  const form: Record<string, string> = {}
  for (const [, name = "", value = ""] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g)) {
    form[name] = unescapeHtml(value)
  }
  return { callbackUrl: new URL(unescapeHtml(action)), form }
}

function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (entity: string, code: string) => {
    const map: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", "#x27": "'" }
    return map[code] ?? entity
  })
}
