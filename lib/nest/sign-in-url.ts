import type { ResolvedConfig } from "../core/config/types.js"
import { requestOrigin } from "../core/origin.js"
import type { HttpRequest } from "./express-bridge.js"

/**
 * Where an unauthenticated browser goes: `pages.signIn` when set, else the built-in page under the
 * global prefix, with `callbackUrl` set to the absolute URL it asked for (as Auth.js's middleware
 * does). Undefined when the global prefix has route parameters this request did not fill, or when
 * sessions are issued elsewhere (`session.issuedBy`) and `pages.signIn` does not say where.
 */
export function signInUrl(config: ResolvedConfig, globalPrefix: string, req: HttpRequest): string | undefined {
  const origin = requestOrigin(config, req.protocol, {
    host: first(req.headers.host),
    "x-forwarded-host": first(req.headers["x-forwarded-host"]),
    "x-forwarded-proto": first(req.headers["x-forwarded-proto"]),
  })
  let page = config.pages.signIn
  if (!page && config.session.issuedBy) return undefined // our own sign-in routes answer 404 then
  if (!page) {
    const prefix = fillParams(globalPrefix, req.params)
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

/** Nest's global prefix as a path: `v1` → `/v1`, `` → ``. */
export function prefixPath(prefix: string | undefined): string {
  const trimmed = (prefix ?? "").replace(/^\/+|\/+$/g, "")
  return trimmed ? `/${trimmed}` : ""
}

/** `/:tenant/api` with `{ tenant: "acme" }` → `/acme/api`; undefined when a parameter has no value. */
function fillParams(path: string, params: object | undefined): string | undefined {
  if (!path.includes(":")) return path
  const values = (params ?? {}) as Record<string, unknown>
  let missing = false
  const filled = path.replace(/:(\w+)/g, (_whole, name: string) => {
    const value = values[name]
    if (typeof value !== "string") missing = true
    return typeof value === "string" ? encodeURIComponent(value) : ""
  })
  return missing || /[*?(){}]/.test(filled) ? undefined : filled
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}
