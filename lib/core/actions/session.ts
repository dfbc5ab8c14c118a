import { reportSessionReadFailure } from "../adapter/outage.js"
import type { RequestContext } from "../context.js"
import { readDatabaseSession } from "../session/database-session.js"
import { isAuthErrorLike, JWTSessionError, MissingCSRF, SessionTokenError } from "../vocabulary/errors.js"
import { decodeSessionToken, sessionFromToken } from "../session/jwt-session.js"
import { sessionCookiesFor } from "../session/mint-session.js"
import { revocationVerdict } from "../session/revocation.js"
import { fireEvent } from "../events.js"
import { json, noStoreHeaders } from "../responses.js"
import { clearSessionCookie, readSessionCookie } from "../session/cookie-store.js"
import { reportFailure } from "../logger.js"
import type { AuthResponse, SetCookie } from "../vocabulary/http.js"

/**
 * GET session reads it; POST session updates it (CSRF required, `data` from the body).
 * As in Auth.js every successful read re-issues the cookie, so the session slides. Every answer,
 * updates included, says `no-store`.
 */
export async function sessionAction(ctx: RequestContext): Promise<AuthResponse> {
  const isUpdate = ctx.request.method === "POST"
  if (isUpdate && !ctx.csrfVerified) throw new MissingCSRF("CSRF token missing or invalid")
  const update = isUpdate ? { data: ctx.request.body?.data } : undefined
  // Auth.js leaves these off update answers; they carry the session just the same, so no cache may keep them.
  const headers = { ...noStoreHeaders }
  const cookies: SetCookie[] = [...ctx.initCookies]
  const def = ctx.cookies.sessionToken
  const { value, names } = readSessionCookie(ctx.request.cookies, def.name)
  if (!value) {
    // As readSession: what reads as no cookie (a broken chunk set, say) is expired, not left to linger.
    if (names.length > 0 && !ctx.config.session.issuedBy) cookies.push(...clearSessionCookie(def, names))
    return json(null, { headers, cookies })
  }

  const { config } = ctx
  if (config.session.strategy === "jwt") {
    try {
      const decoded = await decodeSessionToken(config, value, def.name)
      if (!decoded) throw new Error("The session token decoded to nothing")
      const verdict = config.session.revocation ? await revocationVerdict(config, decoded) : "valid"
      // A store outage keeps the cookie (as a database outage does); a revoked session loses it.
      if (verdict === "unknown") return json(null, { headers, cookies })
      if (verdict === "revoked") return json(null, { headers, cookies: [...cookies, ...clearSessionCookie(def, names)] })
      const expires = new Date(Date.now() + config.session.maxAge * 1000)
      const { token, session } = await sessionFromToken(config, decoded, expires, update)
      if (!token) return json(null, { headers, cookies: [...cookies, ...clearSessionCookie(def, names)] })
      cookies.push(...(await sessionCookiesFor(config, token, def, names)))
      await fireEvent(config, "session", { session: session ?? {}, token })
      return json(session, { headers, cookies })
    } catch (error) {
      reportFailure(config.logger, new JWTSessionError("Could not read the session token", { cause: error }))
      return json(null, { headers, cookies: [...cookies, ...clearSessionCookie(def, names)] })
    }
  }

  try {
    const read = await readDatabaseSession(config, value, update)
    if (!read.session) return json(null, { headers, cookies: [...cookies, ...clearSessionCookie(def, names)] })
    const expires = new Date(Date.now() + config.session.maxAge * 1000)
    cookies.push({ name: def.name, value, options: { ...def.options, expires } })
    await fireEvent(config, "session", { session: read.session })
    return json(read.session, { headers, cookies })
  } catch (error) {
    // As in Auth.js: answer null and keep the cookie, so the session survives a database outage.
    if (isAuthErrorLike(error) && error.type === "AdapterError") reportSessionReadFailure(config, error)
    else config.logger.error(new SessionTokenError("Could not read the database session", { cause: error }))
    return json(null, { headers, cookies })
  }
}
