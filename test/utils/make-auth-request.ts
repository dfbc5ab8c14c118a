import { parseCookieHeader, serializeCookie } from "../../lib/core/cookies.js"
import type { ResolvedConfig } from "../../lib/core/config/types.js"
import { handleAuth } from "../../lib/core/handle.js"
import type { AuthAction, AuthRequest, AuthResponse, SetCookie } from "../../lib/core/vocabulary/http.js"

export interface MakeRequest {
  method?: string
  action: AuthAction | string
  providerId?: string
  origin?: string
  headers?: Record<string, string>
  query?: Record<string, string>
  cookies?: Record<string, string>
  body?: Record<string, unknown>
}

/** Drives the engine directly, without Nest or HTTP (Auth.js's test style). */
export async function makeAuthRequest(config: ResolvedConfig, req: MakeRequest): Promise<AuthResponse> {
  const origin = new URL(req.origin ?? "http://localhost:3000")
  const request: AuthRequest = {
    method: req.method ?? "GET",
    action: req.action as AuthAction,
    providerId: req.providerId,
    protocol: origin.protocol.replace(":", ""),
    headers: { host: origin.host, ...lower(req.headers ?? {}) },
    query: req.query ?? {},
    cookies: req.cookies ?? {},
    body: req.body,
  }
  return handleAuth(request, config)
}

function lower(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))
}

/** Applies a response's Set-Cookies to a cookie map the way a browser would. */
export function applyCookies(jar: Record<string, string>, cookies: SetCookie[]): Record<string, string> {
  const next = { ...jar }
  for (const c of cookies) {
    if (c.options.maxAge === 0 || c.value === "") delete next[c.name]
    else next[c.name] = c.value
  }
  return next
}

/** Round-trips cookies through their wire form, to catch serialisation bugs. */
export function wireCookies(cookies: SetCookie[]): Record<string, string> {
  return parseCookieHeader(cookies.map((c) => serializeCookie(c).split(";")[0]).join("; "))
}

/** GET csrf, returning the token and the cookie jar that goes with it. */
export async function getCsrf(config: ResolvedConfig, jar: Record<string, string> = {}) {
  const res = await makeAuthRequest(config, { action: "csrf", cookies: jar })
  return { token: (res.body as { csrfToken: string }).csrfToken, jar: applyCookies(jar, res.cookies) }
}
