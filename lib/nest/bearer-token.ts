import type { ResolvedConfig } from "../core/config/types.js"
import { cookieDefs, parseCookieHeader } from "../core/cookies.js"
import { headerValue } from "../core/headers.js"
import type { JWT } from "../core/vocabulary/models.js"
import { isSecureRequest } from "../core/origin.js"
import { readSessionCookie } from "../core/session/cookie-store.js"
import { encodeSessionToken } from "../core/session/mint-session.js"
import type { Session } from "../core/vocabulary/models.js"
import type { HttpRequest } from "./express-bridge.js"

/** A session token for `Authorization: Bearer`, from `AuthService.issueToken`. */
export interface IssuedToken {
  /** Send it as `Authorization: Bearer <token>`. */
  token: string
  /** ISO-8601 time after which the token is refused. */
  expires: string
}

// A token beyond this is not one of ours (a chunked session cookie reassembles below 64 KiB).
const MAX_TOKEN_LENGTH = 64 * 1024

/**
 * The credentials of an `Authorization: Bearer …` header (scheme case-insensitive, RFC 7235 §2.1):
 * undefined without one, "" when it is malformed (a bearer request all the same, so it gets no
 * session from its cookies).
 */
export function bearerToken(authorization: string | string[] | undefined): string | undefined {
  if (typeof authorization !== "string" || !/^bearer(?:\s|$)/i.test(authorization)) return undefined
  const credentials = authorization.slice(6).trim()
  return credentials.length <= MAX_TOKEN_LENGTH && /^[A-Za-z0-9\-._~+/]+=*$/.test(credentials) ? credentials : ""
}

/**
 * A bearer token for the request's session, with the cookie's lifetime and revocation: a freshly
 * encrypted session JWT (`jwt.maxAge`, the same claims as the cookie), or for database sessions the
 * session token itself (deleting the session row revokes it). Sessions issued by another app
 * (`session.issuedBy`) are never re-issued here: the token is the one the request brought.
 */
export async function issueToken(
  config: ResolvedConfig,
  req: HttpRequest,
  session: Session,
  jwt: JWT | null | undefined,
): Promise<IssuedToken | null> {
  const secure = isSecureRequest(config, req.protocol, { "x-forwarded-proto": headerValue(req.headers, "x-forwarded-proto") })
  const name = cookieDefs(config, secure).sessionToken.name
  if (config.session.strategy === "jwt" && !config.session.issuedBy) {
    if (!jwt) return null
    // No cookie carries it: it lives as long as the JWT itself (`jwt.maxAge`).
    const { value } = await encodeSessionToken(config, jwt, name)
    return { token: value, expires: new Date(Date.now() + config.jwt.maxAge * 1000).toISOString() }
  }
  const token = bearerToken(req.headers.authorization) || readSessionCookie(parseCookieHeader(headerValue(req.headers, "cookie")), name).value
  return token ? { token, expires: session.expires } : null
}
