import type { AuthResponse, SetCookie } from "./vocabulary/http.js"

/** Headers Auth.js puts on session and CSRF answers so no cache keeps them. */
export const noStoreHeaders = {
  "cache-control": "private, no-cache, no-store",
  expires: "0",
  pragma: "no-cache",
} as const

export function json(body: unknown, init: { status?: number; headers?: Record<string, string>; cookies?: SetCookie[] } = {}): AuthResponse {
  return {
    status: init.status ?? 200,
    headers: { "content-type": "application/json", ...init.headers },
    cookies: init.cookies ?? [],
    body,
  }
}

/**
 * A 302, or — for the official browser clients that send `X-Auth-Return-Redirect` — a 200 with
 * `{ url }` and the same headers and cookies.
 */
export function redirect(
  url: string,
  request: { headers: Readonly<Record<string, string | undefined>> },
  cookies: SetCookie[] = [],
): AuthResponse {
  if (request.headers["x-auth-return-redirect"] !== undefined) {
    return { status: 200, headers: { "content-type": "application/json", location: url }, cookies, body: { url } }
  }
  return { status: 302, headers: { location: url }, cookies, body: undefined }
}

/** Auth.js's answer to a request it cannot route. */
export function badRequest(): AuthResponse {
  return json("Bad request.", { status: 400 })
}

/** Appends a query string to a URL or path that may already have one. */
export function withQuery(url: string, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) if (value !== undefined) query.set(key, value)
  const text = query.toString()
  if (!text) return url
  return `${url}${url.includes("?") ? "&" : "?"}${text}`
}
