import { cookieDefs } from "../cookies.js"
import { reportSessionReadFailure } from "../adapter/outage.js"
import { andThen, attempt } from "../awaitable.js"
import { identityJwt } from "../config/callbacks.js"
import type { ResolvedConfig } from "../config/types.js"
import { readDatabaseSession } from "./database-session.js"
import { isAuthErrorLike, JWTSessionError, SessionTokenError } from "../vocabulary/errors.js"
import { fireEvent } from "../events.js"
import { readIssuedSession } from "./issued-session.js"
import { decode, decodeAuthjsShape } from "../jwt/encode-decode.js"
import { decodeSessionToken, sessionFromToken } from "./jwt-session.js"
import { revocationVerdict } from "./revocation.js"
import { sessionCookiesFor } from "./mint-session.js"
import type { Awaitable, JWT, Session } from "../vocabulary/models.js"
import { isSecureRequest } from "../origin.js"
import { reportFailure } from "../logger.js"
import { clearSessionCookie, readSessionCookie, readSessionCookieFromHeader } from "./cookie-store.js"
import type { SetCookie } from "../vocabulary/http.js"
import type { SessionInput, SessionResult } from "./session-result.js"

/** Shared by every read that has no cookie to send (nobody appends to a read's list). */
const NO_COOKIES = Object.freeze([]) as unknown as SetCookie[]

const none: SessionResult = Object.freeze({ session: null, token: null, cookies: NO_COOKIES }) as SessionResult

/**
 * The session check behind guards and `getSession`: the same result as `GET <basePath>/session`
 * (the `jwt` and `session` callbacks run), without CSRF, callback-URL or provider work.
 * Unlike the endpoint it re-issues the cookie only when useful: once `updateAge` has passed since it
 * was issued, or when the `jwt` callback changed the claims. Never throws.
 */
export function readSession(config: ResolvedConfig, input: SessionInput): Awaitable<SessionResult> {
  const def = cookieDefs(config, isSecureRequest(config, input.protocol, input.headers)).sessionToken
  const { value, names } = input.cookies
    ? readSessionCookie(input.cookies, def.name)
    : readSessionCookieFromHeader(input.cookieHeader, def.name)
  // A session cookie that is no cookie (empty, too big, a broken chunk set) is expired like an
  // unreadable one, so stale chunks do not ride along on every request; an issued session's cookie is
  // not ours to touch.
  if (!value) return names.length > 0 && !config.session.issuedBy ? { ...none, cookies: clearSessionCookie(def, names) } : none
  if (config.session.issuedBy) return readIssuedSession(config, value, def.name)
  return config.session.strategy === "jwt"
    ? readJwtSession(config, value, def, names)
    : readDbSession(config, value, def, names)
}

/**
 * Synchronous when nothing needs waiting for (the Auth.js token shape, decoded with node:crypto, and
 * synchronous callbacks), a promise otherwise; either way it never throws or rejects.
 */
function readJwtSession(
  config: ResolvedConfig,
  value: string,
  def: ResolvedConfig["cookies"]["plain"]["sessionToken"],
  names: string[],
): Awaitable<SessionResult> {
  const unreadable = (error: unknown): SessionResult => {
    reportFailure(config.logger, new JWTSessionError("Could not read the session token", { cause: error }))
    return { ...none, cookies: clearSessionCookie(def, names) }
  }
  return attempt(() => {
    // The default codec's usual case needs no promise (decodeAuthjsShape); other shapes and custom
    // codecs go through config.jwt.decode.
    const decoded =
      config.jwt.decode === decode ? decodeAuthjsShape(value, config.secrets, def.name, config.jwt.verified) : undefined
    return decoded !== undefined
      ? sessionOfToken(config, decoded, def, names)
      : andThen(decodeSessionToken(config, value, def.name), (token) => sessionOfToken(config, token, def, names))
  }, unreadable)
}

/** The session of a decoded token: the callbacks, and the cookie re-issued when due or changed. */
function sessionOfToken(
  config: ResolvedConfig,
  decoded: JWT | null,
  def: ResolvedConfig["cookies"]["plain"]["sessionToken"],
  names: string[],
): Awaitable<SessionResult> {
  if (!decoded) return { ...none, cookies: clearSessionCookie(def, names) }
  // "Sign out everywhere" (session.revocation): checked only when configured.
  if (config.session.revocation) {
    return andThen(revocationVerdict(config, decoded), (verdict) => {
      if (verdict === "valid") return sessionOfValidToken(config, decoded, def, names)
      return verdict === "unknown" ? { ...none, unavailable: true } : { ...none, cookies: clearSessionCookie(def, names) }
    })
  }
  return sessionOfValidToken(config, decoded, def, names)
}

function sessionOfValidToken(
  config: ResolvedConfig,
  decoded: JWT,
  def: ResolvedConfig["cookies"]["plain"]["sessionToken"],
  names: string[],
): Awaitable<SessionResult> {
  const now = Date.now()
  const issuedAt = typeof decoded.iat === "number" ? decoded.iat * 1000 : now
  const refreshDue = now - issuedAt >= config.session.updateAge * 1000
  const before = config.callbacks.jwt === identityJwt ? undefined : JSON.stringify(decoded)
  const expires = new Date((refreshDue ? now : issuedAt) + config.session.maxAge * 1000)
  return andThen(sessionFromToken(config, decoded, expires), ({ token, session, refreshed }): Awaitable<SessionResult> => {
    if (!token) return { ...none, cookies: clearSessionCookie(def, names) }
    const changed = refreshed === true || (before !== undefined && JSON.stringify(token) !== before)
    if (!refreshDue && !changed && !config.events.session) return { session, token, cookies: NO_COOKIES }
    return reissued(config, session, token, def, names, refreshDue || changed)
  })
}

async function reissued(
  config: ResolvedConfig,
  session: Session | null,
  token: JWT,
  def: ResolvedConfig["cookies"]["plain"]["sessionToken"],
  names: string[],
  rewrite: boolean,
): Promise<SessionResult> {
  const cookies = rewrite ? await sessionCookiesFor(config, token, def, names) : []
  if (config.events.session) await fireEvent(config, "session", { session: session ?? {}, token })
  return { session, token, cookies }
}

async function readDbSession(
  config: ResolvedConfig,
  value: string,
  def: ResolvedConfig["cookies"]["plain"]["sessionToken"],
  names: string[],
): Promise<SessionResult> {
  try {
    const read = await readDatabaseSession(config, value)
    if (!read.session) return { ...none, cookies: clearSessionCookie(def, names) }
    const cookies: SetCookie[] = read.extendedTo
      ? [{ name: def.name, value, options: { ...def.options, expires: read.extendedTo } }]
      : []
    if (config.events.session) await fireEvent(config, "session", { session: read.session })
    return { session: read.session, token: null, cookies }
  } catch (error) {
    // A database outage must not sign everybody out: keep the cookie, grant nothing, say so.
    if (isAuthErrorLike(error) && error.type === "AdapterError") {
      reportSessionReadFailure(config, error)
      return { ...none, unavailable: true }
    }
    config.logger.error(new SessionTokenError("Could not read the database session", { cause: error }))
    return none
  }
}
