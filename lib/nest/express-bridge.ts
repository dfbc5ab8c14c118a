import { serializeCookie } from "../core/cookies.js"
import { fillRouteParams } from "../core/route-path.js"
import type { AuthRequest, AuthResponse, SetCookie } from "../core/vocabulary/http.js"
import { actionOf, authRequestOf, bodyText, type HttpBridge, type HttpRequest as PlatformRequest } from "./http-bridge.js"

/** The parts of an Express request the bridge reads. An Express `Request` satisfies it. */
export interface HttpRequest extends PlatformRequest {
  baseUrl?: string
  /** The route Express matched; its pattern tells where the auth routes are mounted. */
  route?: { path?: unknown }
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
  return actionOf((Array.isArray(rest) ? rest : []).filter((s): s is string => typeof s === "string"))
}

/** Maps an Express request to the core's request value, in one hop. */
export function toAuthRequest(req: HttpRequest, action: string, providerId?: string): AuthRequest {
  return authRequestOf(req, action, providerId, mountPath(req, providerId !== undefined))
}

/** Writes the core's answer: status, headers, one `Set-Cookie` per cookie, then the body. */
export function sendAuthResponse(res: HttpResponse, out: AuthResponse): void {
  res.statusCode = out.status
  for (const [name, value] of Object.entries(out.headers)) res.setHeader(name, value)
  appendCookies(res, out.cookies)
  const body = bodyText(out)
  if (body === undefined) {
    res.end()
    return
  }
  if (body.contentType !== undefined) res.setHeader("content-type", body.contentType)
  res.setHeader("content-length", String(Buffer.byteLength(body.text)))
  res.end(body.text)
}

export function appendCookies(res: HttpResponse, cookies: readonly SetCookie[]): void {
  for (const cookie of cookies) res.append("Set-Cookie", serializeCookie(cookie))
}

/** Express behind the `HttpBridge` interface; the response of a request is `req.res`. */
export const expressBridge: HttpBridge = {
  platform: "express",
  unmatchedRoutes: [UNMATCHED_ROUTE],
  toAuthRequest(req: HttpRequest, action?: string, providerId?: string): AuthRequest {
    if (action === undefined) ({ action, providerId } = unmatchedAction(req))
    return toAuthRequest(req, action, providerId)
  },
  send: (res, out) => sendAuthResponse(res as HttpResponse, out),
  setHeader(req: HttpRequest, name, value) {
    if (req.res && !req.res.headersSent) req.res.setHeader(name, value)
  },
  appendCookies(req: HttpRequest, cookies) {
    if (req.res && !req.res.headersSent) appendCookies(req.res, cookies)
  },
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
