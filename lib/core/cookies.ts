import { CHECK_COOKIE_MAX_AGE } from "./config/defaults.js"
import type { ResolvedConfig } from "./config/types.js"
import type { CookieDef, CookieKey, CookieOptions, SetCookie } from "./vocabulary/http.js"


/** Auth.js's default cookie table: `__Secure-` (and `__Host-` for CSRF) when secure. */
export function defaultCookies(secure: boolean): Record<CookieKey, CookieDef> {
  const prefix = secure ? "__Secure-" : ""
  const base: CookieOptions = { httpOnly: true, sameSite: "lax", path: "/", secure }
  const checks: CookieOptions = { ...base, maxAge: CHECK_COOKIE_MAX_AGE }
  return {
    sessionToken: { name: `${prefix}authjs.session-token`, options: { ...base } },
    callbackUrl: { name: `${prefix}authjs.callback-url`, options: { ...base } },
    csrfToken: { name: `${secure ? "__Host-" : ""}authjs.csrf-token`, options: { ...base } },
    pkceCodeVerifier: { name: `${prefix}authjs.pkce.code_verifier`, options: { ...checks } },
    state: { name: `${prefix}authjs.state`, options: { ...checks } },
    // Auth.js gives the nonce cookie an Expires but no Max-Age; the check code sets Expires.
    nonce: { name: `${prefix}authjs.nonce`, options: { ...base } },
    webauthnChallenge: { name: `${prefix}authjs.challenge`, options: { ...checks } },
  }
}

/** The app's cookie table for a secure (https) or plain request: the one place that picks between them. */
export function cookieDefs(config: Pick<ResolvedConfig, "cookies">, secure: boolean): Readonly<Record<CookieKey, CookieDef>> {
  return secure ? config.cookies.secure : config.cookies.plain
}

const sameSiteLabel = { lax: "Lax", strict: "Strict", none: "None" } as const
const priorityLabel = { low: "Low", medium: "Medium", high: "High" } as const

/** Serialises like Auth.js (the `cookie` package): same encoding and attribute order. */
export function serializeCookie({ name, value, options: o }: SetCookie): string {
  let out = `${name}=${encodeURIComponent(value)}`
  if (o.maxAge !== undefined) out += `; Max-Age=${Math.floor(o.maxAge)}`
  if (o.domain) out += `; Domain=${o.domain}`
  if (o.path) out += `; Path=${o.path}`
  if (o.expires) out += `; Expires=${o.expires.toUTCString()}`
  if (o.httpOnly) out += "; HttpOnly"
  if (o.secure) out += "; Secure"
  if (o.partitioned) out += "; Partitioned"
  if (o.priority) out += `; Priority=${priorityLabel[o.priority]}`
  if (o.sameSite) out += `; SameSite=${sameSiteLabel[o.sameSite]}`
  return out
}

/** A deletion of `def`'s cookie: empty value, `Max-Age=0`, the same other attributes. */
export function expireCookie(name: string, options: CookieOptions): SetCookie {
  const { expires: _expires, ...rest } = options
  return { name, value: "", options: { ...rest, maxAge: 0 } }
}

/** Strips the spaces and tabs around a cookie name or value (only those, as Auth.js does). */
/** A cookie's value as Auth.js reads it: spaces and tabs trimmed, percent-decoded when that works. */
export function cookieValue(raw: string): string {
  const value = trimSpaces(raw)
  if (!value.includes("%")) return value
  try {
    return decodeURIComponent(value)
  } catch {
    return value // kept raw, as Auth.js does
  }
}

function trimSpaces(text: string): string {
  let start = 0
  let end = text.length
  while (start < end && (text[start] === " " || text[start] === "\t")) start++
  while (end > start && (text[end - 1] === " " || text[end - 1] === "\t")) end--
  return text.slice(start, end)
}

/**
 * Parses a `Cookie` header as Auth.js does (§1.6): the first occurrence of a name wins, values
 * with `%` are percent-decoded (kept as is when that fails), double quotes are left in place.
 */
export function parseCookieHeader(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null)
  if (!header) return out
  for (const pair of header.split(";")) addCookie(out, pair)
  return out
}

/**
 * The cookies named `name` or `name.<suffix>` (a session cookie and its chunks), exactly as
 * `parseCookieHeader` reads them; every other pair is skipped without being sliced or decoded.
 * The session check runs on every request and needs nothing else from the header.
 */
export function parseCookiesNamed(header: string | undefined, name: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null)
  if (!header || !name) return out
  for (let start = 0; start <= header.length; ) {
    let end = header.indexOf(";", start)
    if (end === -1) end = header.length
    let first = start
    while (first < end && (header[first] === " " || header[first] === "\t")) first++
    if (header.startsWith(name, first)) addCookie(out, header.slice(start, end), name)
    start = end + 1
  }
  return out
}

/** Adds one `name=value` pair the way Auth.js reads it; with `only`, just that name and `only.<suffix>`. */
function addCookie(out: Record<string, string>, pair: string, only?: string): void {
  const eq = pair.indexOf("=")
  if (eq === -1) return
  const name = trimSpaces(pair.slice(0, eq))
  if (!name || name in out) return
  if (only !== undefined && name !== only && !(name.startsWith(only) && name[only.length] === ".")) return
  out[name] = cookieValue(pair.slice(eq + 1))
}
