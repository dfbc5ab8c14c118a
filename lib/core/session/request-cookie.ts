import { cookieDefs, parseCookieHeader } from "../cookies.js"
import type { ResolvedConfig } from "../config/types.js"
import { headerValue, type HeaderSource } from "../headers.js"
import { isSecureRequest } from "../origin.js"
import type { CookieDef } from "../vocabulary/http.js"
import { readSessionCookie } from "./cookie-store.js"

/** The parts of a request the server-side session calls read. */
export interface ServerRequest {
  protocol: string
  headers: HeaderSource
}

/** The session cookie of a request: its definition (name, options), its value and the chunk names it came in. */
export interface RequestSessionCookie {
  def: CookieDef
  value: string | undefined
  names: string[]
}

/** Reads the session cookie the way the session check does (secure name on https, chunks joined). */
export function requestSessionCookie(config: ResolvedConfig, req: ServerRequest): RequestSessionCookie {
  const proto = { "x-forwarded-proto": headerValue(req.headers, "x-forwarded-proto") }
  const def = cookieDefs(config, isSecureRequest(config, req.protocol, proto)).sessionToken
  const { value, names } = readSessionCookie(parseCookieHeader(headerValue(req.headers, "cookie")), def.name)
  return { def, value: value || undefined, names }
}
