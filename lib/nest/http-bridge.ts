import type { IncomingHttpHeaders } from "node:http"
import { parseCookieHeader, serializeCookie } from "../core/cookies.js"
import { headerValue } from "../core/headers.js"
import { isPlainObject } from "../core/records.js"
import type { AuthAction, AuthRequest, AuthResponse, SetCookie } from "../core/vocabulary/http.js"

/**
 * What the library reads of an HTTP request on any platform. An Express `Request` and a Fastify
 * `FastifyRequest` both satisfy it, so `AuthService.getSession(req)` takes either.
 */
export interface HttpRequest {
  method: string
  /** `http` or `https`; both platforms honour `X-Forwarded-Proto` only when told to trust the proxy. */
  protocol: string
  headers: IncomingHttpHeaders
  originalUrl?: string
  url?: string
  /** Route parameters (Fastify types them `unknown`). */
  params?: unknown
  body?: unknown
  /**
   * The client's address: the socket's peer, or behind proxies the client they name, only as far as
   * the platform is told to trust them (Express's `trust proxy`, Fastify's `trustProxy`).
   */
  ip?: string
}

/**
 * One HTTP platform's side of the library: the auth routes' request in, the core's answer out, and
 * headers added to the response of a request that is still being handled (refreshed session
 * cookies, `WWW-Authenticate`, a sign-in `Location`). The rest of `lib/nest` sees only this.
 */
export interface HttpBridge {
  readonly platform: string
  /** Route paths under `basePath` that catch every path no named auth route matches. */
  readonly unmatchedRoutes: readonly string[]
  /** The core's request value. Without an action, the request came through `unmatchedRoutes`. */
  toAuthRequest(req: HttpRequest, action?: string, providerId?: string): AuthRequest
  /** Writes the core's answer: status, headers, one `Set-Cookie` per cookie, then the body. */
  send(res: object, out: AuthResponse): void
  /** Sets a header on this request's response, unless it has been sent. */
  setHeader(req: HttpRequest, name: string, value: string): void
  /** Adds one `Set-Cookie` per cookie to this request's response, unless it has been sent. */
  appendCookies(req: HttpRequest, cookies: readonly SetCookie[]): void
}

/** Action and provider from the path segments after `basePath`, split the way Auth.js does. */
export function actionOf(segments: readonly string[]): { action: string; providerId?: string } {
  const parts = segments.filter((s) => s !== "")
  // One or two segments name an action (and a provider); anything else is no action at all.
  if (parts.length === 1) return { action: parts[0]! }
  if (parts.length === 2) return { action: parts[0]!, providerId: parts[1] }
  return { action: parts.join("/") }
}

/** The core's request value, once the platform has said where the auth routes are mounted. */
export function authRequestOf(req: HttpRequest, action: string, providerId: string | undefined, basePath: string | undefined): AuthRequest {
  const method = req.method.toUpperCase()
  return {
    method,
    // Not narrowed here on purpose: the core answers unknown actions exactly as Auth.js does.
    action: action as AuthAction,
    providerId,
    basePath,
    protocol: req.protocol,
    headers: flattenHeaders(req.headers),
    query: flatQuery(req.originalUrl ?? req.url ?? "/"),
    cookies: parseCookieHeader(headerValue(req.headers, "cookie")),
    body: method === "POST" ? formBody(req) : undefined,
    // Never X-Forwarded-For itself: only the platform's proxy trust decides whom to believe.
    clientAddress: req.ip,
  }
}

/** The body as sent, with the content type to set when the core chose none. */
export function bodyText(out: AuthResponse): { text: string; contentType?: string } | undefined {
  if (out.body === undefined) return undefined
  const chosen = out.headers["content-type"]
  const isJson = typeof out.body !== "string" || (chosen !== undefined && chosen.includes("json"))
  // JSON.stringify keeps the exact Content-Type the core chose (a framework's json() adds a charset).
  const text = isJson ? JSON.stringify(out.body) : (out.body as string)
  return { text, contentType: chosen === undefined ? (isJson ? "application/json" : "text/plain") : undefined }
}

/** Lower-case names; repeated headers joined (see `headerValue`). */
function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = Object.create(null)
  for (const name of Object.keys(headers)) {
    const value = headerValue(headers, name)
    if (value !== undefined) out[name.toLowerCase()] = value
  }
  return out
}

/** Every query parameter as a string; the last one wins, as with Auth.js's `URLSearchParams`. */
function flatQuery(url: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null)
  const start = url.indexOf("?")
  if (start === -1) return out
  for (const [key, value] of new URLSearchParams(url.slice(start + 1))) out[key] = value
  return out
}

/**
 * The body the platform's parsers already read, when it is a JSON or form object. Auth.js reads no
 * other content type, so neither do we (a CSRF token in any other body is not seen).
 */
function formBody(req: HttpRequest): Record<string, unknown> | undefined {
  const type = headerValue(req.headers, "content-type") ?? ""
  if (!type.includes("application/json") && !type.includes("application/x-www-form-urlencoded")) return undefined
  return isPlainObject(req.body) || isQueryObject(req.body) ? (req.body as Record<string, unknown>) : undefined
}

/** Nest's Fastify adapter parses forms with `fast-querystring`, whose objects inherit from a null-prototype object. */
function isQueryObject(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false
  const proto = Object.getPrototypeOf(value) as object | null
  return proto !== null && Object.getPrototypeOf(proto) === null && Object.keys(proto).length === 0
}

/**
 * A response that takes cookies, on either platform: Express's `Response` (`append`) or Fastify's
 * `FastifyReply` (`header`, which keeps every `set-cookie`). What `AuthService.signIn(req, res, …)` takes.
 */
export type CookieResponse =
  | { append(name: string, value: string): unknown; headersSent: boolean }
  | { header(name: string, value: string): unknown; sent: boolean }

/** Adds one `Set-Cookie` per cookie, unless the response has been sent. */
export function writeCookies(res: CookieResponse, cookies: readonly SetCookie[]): void {
  if ("append" in res) {
    if (!res.headersSent) for (const cookie of cookies) res.append("Set-Cookie", serializeCookie(cookie))
  } else if (!res.sent) {
    for (const cookie of cookies) res.header("set-cookie", serializeCookie(cookie))
  }
}
