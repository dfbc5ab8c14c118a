import type { AuthRequest } from "./vocabulary/http.js"

/**
 * The incoming request as a Web `Request`, for the hooks where Auth.js hands one to user code
 * (`authorize`, `sendVerificationRequest`): the given URL with the request's query, the original
 * headers (without the cookies), and `body` as JSON when there is one.
 */
export function toWebRequest(request: AuthRequest, url: string, body?: Record<string, unknown>): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name === "content-length" || name === "cookie") continue
    try {
      headers.set(name, value)
    } catch {
      // a header Fetch refuses (e.g. a forbidden name) is simply left out
    }
  }
  const target = new URL(url)
  for (const [key, value] of Object.entries(request.query)) target.searchParams.set(key, value)
  if (body === undefined) return new Request(target, { method: request.method, headers })
  headers.set("content-type", "application/json")
  return new Request(target, { method: "POST", headers, body: JSON.stringify(body) })
}
