import type { IncomingHttpHeaders } from "node:http"
import { parseCookieHeader, serializeCookie } from "../core/cookies.js"
import { headerValue } from "../core/headers.js"
import { isPlainObject } from "../core/records.js"
import { fillRouteParams } from "../core/route-path.js"
import type { AuthAction, AuthRequest, AuthResponse, SetCookie } from "../core/vocabulary/http.js"

/** The parts of an Express request the bridge reads. An Express `Request` satisfies it. */
export interface HttpRequest {
  method: string
  /** Express's `req.protocol`: honours `X-Forwarded-Proto` only when `trust proxy` is set. */
  protocol: string
  headers: IncomingHttpHeaders
  originalUrl?: string
  url?: string
  baseUrl?: string
  /** The route Express matched; its pattern tells where the auth routes are mounted. */
  route?: { path?: unknown }
  params?: object
  body?: unknown
  /** Express's `req.ip`: the socket's peer, or with `trust proxy` the client the trusted proxies name. */
  ip?: string
  /** Express links the response here; used to forward refreshed session cookies. */
  res?: HttpResponse
  app?: object
}

/** The parts of an Express response the bridge writes. An Express `Response` satisfies it. */
export interface HttpResponse {
  statusCode: number
  headersSent: boolean
  setHeader(name: string, value: string): unknown
  append(field: string, value: string): unknown
  end(chunk?: string): unknown
}

/** The route that catches every other path under `basePath`, so the core can answer it (400 or a redirect). */
export const UNMATCHED_ROUTE = "{/*rest}"

/** Action and provider from the path segments after `basePath`, split the way Auth.js does. */
export function unmatchedAction(req: HttpRequest): { action: string; providerId?: string } {
  const rest = (req.params as { rest?: unknown } | undefined)?.rest
  const segments = (Array.isArray(rest) ? rest : []).filter((s): s is string => typeof s === "string" && s !== "")
  // One or two segments name an action (and a provider); anything else is no action at all.
  if (segments.length === 1) return { action: segments[0]! }
  if (segments.length === 2) return { action: segments[0]!, providerId: segments[1] }
  return { action: segments.join("/") }
}

/** Maps an Express request to the core's request value, in one hop. */
export function toAuthRequest(req: HttpRequest, action: string, providerId?: string): AuthRequest {
  const method = req.method.toUpperCase()
  return {
    method,
    // Not narrowed here on purpose: the core answers unknown actions exactly as Auth.js does.
    action: action as AuthAction,
    providerId,
    basePath: mountPath(req, providerId !== undefined),
    protocol: req.protocol,
    headers: flattenHeaders(req.headers),
    query: flatQuery(req.originalUrl ?? req.url ?? "/"),
    cookies: parseCookieHeader(headerValue(req.headers, "cookie")),
    body: method === "POST" ? formBody(req) : undefined,
    // Never X-Forwarded-For itself: only Express's `trust proxy` decides whom to believe.
    clientAddress: req.ip,
  }
}

/** Writes the core's answer: status, headers, one `Set-Cookie` per cookie, then the body. */
export function sendAuthResponse(res: HttpResponse, out: AuthResponse): void {
  res.statusCode = out.status
  for (const [name, value] of Object.entries(out.headers)) res.setHeader(name, value)
  appendCookies(res, out.cookies)
  if (out.body === undefined) {
    res.end()
    return
  }
  const contentType = out.headers["content-type"]
  const isJson = typeof out.body !== "string" || (contentType !== undefined && contentType.includes("json"))
  // JSON.stringify keeps the exact Content-Type the core chose (res.json would add a charset).
  const text = isJson ? JSON.stringify(out.body) : (out.body as string)
  if (contentType === undefined) res.setHeader("content-type", isJson ? "application/json" : "text/plain")
  res.setHeader("content-length", String(Buffer.byteLength(text)))
  res.end(text)
}

export function appendCookies(res: HttpResponse, cookies: readonly SetCookie[]): void {
  for (const cookie of cookies) res.append("Set-Cookie", serializeCookie(cookie))
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

/**
 * Where the auth routes were mounted as this request reached them, global prefix and any Express
 * mount point included: the matched route pattern without the action part. Undefined (so the core
 * uses the configured basePath) when the pattern is not a plain path.
 */
function mountPath(req: HttpRequest, withProvider: boolean): string | undefined {
  const pattern = req.route?.path
  if (typeof pattern !== "string") return undefined
  let base: string
  if (pattern.endsWith(UNMATCHED_ROUTE)) {
    base = pattern.slice(0, -UNMATCHED_ROUTE.length)
  } else {
    const segments = pattern.replace(/\/+$/, "").split("/")
    base = segments.slice(0, withProvider ? -2 : -1).join("/")
  }
  // A global prefix may hold route parameters (e.g. ":tenant"): put the values this request used.
  const filled = fillRouteParams(base, req.params)
  if (filled === undefined || /[*?(){}]/.test(filled)) return undefined
  return `${req.baseUrl ?? ""}${filled}`.replace(/\/+$/, "")
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
 * The body Nest's parsers already read, when it is a JSON or form object. Auth.js reads no other
 * content type, so neither do we (a CSRF token in any other body is not seen).
 */
function formBody(req: HttpRequest): Record<string, unknown> | undefined {
  const type = headerValue(req.headers, "content-type") ?? ""
  if (!type.includes("application/json") && !type.includes("application/x-www-form-urlencoded")) return undefined
  return isPlainObject(req.body) ? (req.body as Record<string, unknown>) : undefined
}
