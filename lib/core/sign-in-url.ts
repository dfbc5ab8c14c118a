import type { ResolvedConfig } from "./config/types.js"
import { headerValue, type HeaderSource, type HeaderValue } from "./headers.js"
import { requestOrigin } from "./origin.js"
import { fillRouteParams } from "./route-path.js"

/** What building the sign-in URL reads of a request; an Express request qualifies. */
export interface SignInUrlRequest {
  protocol: string
  headers: HeaderSource
  /** The route parameters the request filled, for a global prefix such as `/:tenant`. */
  params?: unknown
  originalUrl?: string
  url?: string
}

/**
 * Where an unauthenticated browser goes: `pages.signIn` when set, else the built-in page under the
 * global prefix, with `callbackUrl` set to the absolute URL it asked for (as Auth.js's middleware
 * does). Undefined when the global prefix has route parameters this request did not fill, or when
 * sessions are issued elsewhere (`session.issuedBy`) and `pages.signIn` does not say where.
 */
export function signInUrl(config: ResolvedConfig, globalPrefix: string, req: SignInUrlRequest): string | undefined {
  const origin = requestOrigin(config, req.protocol, {
    host: headerValue(req.headers, "host"),
    "x-forwarded-host": headerValue(req.headers, "x-forwarded-host"),
    "x-forwarded-proto": headerValue(req.headers, "x-forwarded-proto"),
  })
  let page = config.pages.signIn
  if (!page && config.session.issuedBy) return undefined // our own sign-in routes answer 404 then
  if (!page) {
    const prefix = fillRouteParams(globalPrefix, req.params)
    if (prefix === undefined) return undefined
    page = `${prefix}${config.basePath}/signin`
  }
  const target = page.startsWith("/") ? `${origin}${page}` : page
  const callbackUrl = `${origin}${req.originalUrl ?? req.url ?? "/"}`
  const hashAt = target.indexOf("#")
  const base = hashAt === -1 ? target : target.slice(0, hashAt)
  const separator = base.includes("?") ? "&" : "?"
  return `${base}${separator}callbackUrl=${encodeURIComponent(callbackUrl)}${hashAt === -1 ? "" : target.slice(hashAt)}`
}

/** A navigation by a browser (not an API call): GET or HEAD, asking for HTML, without credentials of its own. */
export function isBrowserNavigation(req: { method: string; headers: Readonly<Record<string, HeaderValue>> }): boolean {
  if (req.method !== "GET" && req.method !== "HEAD") return false
  if (req.headers.authorization !== undefined) return false
  const accept = req.headers.accept
  return typeof accept === "string" && accept.includes("text/html")
}
