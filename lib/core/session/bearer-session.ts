import { cookieDefs, parseCookieHeader } from "../cookies.js"
import { headerValue, type HeaderSource, type HeaderValue } from "../headers.js"
import { MAX_SESSION_TOKEN_LENGTH, readSessionCookie } from "./cookie-store.js"
import { encodeSessionToken } from "./mint-session.js"
import type { ResolvedConfig } from "../config/types.js"
import { JWTSessionError } from "../vocabulary/errors.js"
import { fireEvent } from "../events.js"
import { decodeSessionToken, sessionFromToken } from "./jwt-session.js"
import type { Awaitable, JWT, Session } from "../vocabulary/models.js"
import { isSecureRequest } from "../origin.js"
import { reportFailure } from "../logger.js"
import { readSession } from "./read-session.js"
import { revocationVerdict } from "./revocation.js"
import type { SessionInput, SessionResult } from "./session-result.js"
import type { SetCookie } from "../vocabulary/http.js"

export interface BearerSessionResult {
  session: Session | null
  /** The decoded JWT (after the `jwt` callback); null for database sessions or no session. */
  token: JWT | null
  /** The adapter failed: whether the token is valid is unknown. */
  unavailable?: true
}

const none: BearerSessionResult = Object.freeze({ session: null, token: null })

/**
 * The session of a bearer token, which is a session cookie's value sent as `Authorization: Bearer`:
 * the same callbacks, expiry and revocation as the cookie. Never throws, and never asks for cookies:
 * a bearer token is not rewritten, so it expires at its own `exp` (a database session still slides).
 *
 * A JWT is decoded with the salt of the session cookie this request would carry, then with the other
 * one (`authjs.session-token` vs `__Secure-authjs.session-token`): a front end served over https may
 * call this API over plain http.
 */
export async function readBearerSession(
  config: ResolvedConfig,
  input: Pick<SessionInput, "protocol" | "headers">,
  bearer: string,
): Promise<BearerSessionResult> {
  if (!bearer) return none
  const secure = isSecureRequest(config, input.protocol, input.headers)
  if (config.session.strategy !== "jwt") {
    const name = cookieDefs(config, secure).sessionToken.name
    const read = await readSession(config, { ...input, cookies: { [name]: bearer } })
    return read.unavailable ? { ...none, unavailable: true } : { session: read.session, token: null }
  }
  const salts = [cookieDefs(config, secure).sessionToken.name, cookieDefs(config, !secure).sessionToken.name]
  try {
    const decoded = await decodeWithEither(config, bearer, [...new Set(salts)])
    if (!decoded) return none
    if (config.session.revocation) {
      const verdict = await revocationVerdict(config, decoded)
      if (verdict !== "valid") return verdict === "unknown" ? { ...none, unavailable: true } : none
    }
    const expires = typeof decoded.exp === "number" ? new Date(decoded.exp * 1000) : new Date(Date.now() + config.session.maxAge * 1000)
    const { token, session } = await sessionFromToken(config, decoded, expires)
    if (!token) return none
    if (config.events.session) await fireEvent(config, "session", { session: session ?? {}, token })
    return { session, token }
  } catch (error) {
    reportFailure(config.logger, new JWTSessionError("Could not read the bearer token", { cause: error }))
    return none
  }
}

/** The first salt that decodes the token; throws the first salt's error when none does. */
async function decodeWithEither(config: ResolvedConfig, token: string, salts: string[]): Promise<JWT | null> {
  let firstError: unknown
  for (const salt of salts) {
    try {
      const decoded = await decodeSessionToken(config, token, salt)
      if (decoded) return decoded
    } catch (error) {
      firstError ??= error
    }
  }
  if (firstError !== undefined) throw firstError
  return null
}

/**
 * The credentials of an `Authorization: Bearer …` header (scheme case-insensitive, RFC 7235 §2.1):
 * undefined without one, "" when it is malformed (a bearer request all the same, so it gets no
 * session from its cookies).
 */
export function bearerToken(authorization: HeaderValue): string | undefined {
  if (typeof authorization !== "string" || !/^bearer(?:\s|$)/i.test(authorization)) return undefined
  const credentials = authorization.slice(6).trim()
  return credentials.length <= MAX_SESSION_TOKEN_LENGTH && /^[A-Za-z0-9\-._~+/]+=*$/.test(credentials) ? credentials : ""
}

/** A session token for `Authorization: Bearer`, from `AuthService.issueToken`. */
export interface IssuedToken {
  /** Send it as `Authorization: Bearer <token>`. */
  token: string
  /** ISO-8601 time after which the token is refused. */
  expires: string
}

/**
 * A bearer token for the request's session, with the cookie's lifetime and revocation: a freshly
 * encrypted session JWT (`jwt.maxAge`, the same claims as the cookie), or for database sessions the
 * session token itself (deleting the session row revokes it). Sessions issued by another app
 * (`session.issuedBy`) are never re-issued here: the token is the one the request brought.
 */
export async function issueBearerToken(
  config: ResolvedConfig,
  req: { protocol: string; headers: HeaderSource },
  session: Session,
  jwt: JWT | null | undefined,
): Promise<IssuedToken | null> {
  const secure = isSecureRequest(config, req.protocol, forwardedProto(req.headers))
  const name = cookieDefs(config, secure).sessionToken.name
  if (config.session.strategy === "jwt" && !config.session.issuedBy) {
    if (!jwt) return null
    // No cookie carries it: it lives as long as the JWT itself (`jwt.maxAge`).
    const { value } = await encodeSessionToken(config, jwt, name)
    return { token: value, expires: new Date(Date.now() + config.jwt.maxAge * 1000).toISOString() }
  }
  const token =
    bearerToken(headerValue(req.headers, "authorization")) ||
    readSessionCookie(parseCookieHeader(headerValue(req.headers, "cookie")), name).value
  return token ? { token, expires: session.expires } : null
}

const NO_SESSION_RESULT: SessionResult = Object.freeze({ session: null, token: null, cookies: [] as SetCookie[] })

/**
 * The session a request carries, as the guard and `getSession` read it. With `acceptBearer`, a
 * request that sends `Authorization: Bearer` is judged by that token alone (and gets no cookies
 * back); any other request by its session cookie.
 */
export function readRequestSession(
  config: ResolvedConfig,
  req: { protocol: string; headers: Readonly<Record<string, HeaderValue>> },
  acceptBearer: boolean,
): Awaitable<SessionResult> {
  const bearer = acceptBearer ? bearerToken(req.headers.authorization) : undefined
  if (bearer !== undefined) {
    const input = { protocol: req.protocol, headers: forwardedProto(req.headers) }
    return readBearerSession(config, input, bearer).then((read) => ({ ...read, cookies: [] }))
  }
  const cookieHeader = headerValue(req.headers, "cookie")
  if (cookieHeader === undefined) return NO_SESSION_RESULT
  // The per-request path: no copy of every header, and only the session cookie is parsed.
  return readSession(config, { protocol: req.protocol, headers: forwardedProto(req.headers), cookieHeader })
}

/** The only header a session read needs besides the cookie or the token. */
function forwardedProto(headers: HeaderSource): Record<string, string | undefined> {
  return { "x-forwarded-proto": headerValue(headers, "x-forwarded-proto") }
}
