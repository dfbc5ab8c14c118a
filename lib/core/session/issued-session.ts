import type { ResolvedConfig } from "../config/types.js"
import { JWTSessionError } from "../vocabulary/errors.js"
import { fireEvent } from "../events.js"
import { reportFailure } from "../logger.js"
import { decodeSessionToken, sessionFromToken } from "./jwt-session.js"
import type { SessionResult } from "./session-result.js"

const none: SessionResult = Object.freeze({ session: null, token: null, cookies: [] }) as SessionResult

/**
 * The session in a cookie another app issued (`session.issuedBy`): decoded with that app's codec,
 * passed through the `jwt` and `session` callbacks, and valid until the token's own `exp`. Nothing is
 * written back: that app owns the cookie, refreshes it and clears it. Never throws.
 */
export async function readIssuedSession(config: ResolvedConfig, value: string, salt: string): Promise<SessionResult> {
  try {
    const decoded = await decodeSessionToken(config, value, salt)
    if (!decoded) return none
    const expires =
      typeof decoded.exp === "number" ? new Date(decoded.exp * 1000) : new Date(Date.now() + config.session.maxAge * 1000)
    const { token, session } = await sessionFromToken(config, decoded, expires)
    if (!token) return none
    if (config.events.session) await fireEvent(config, "session", { session: session ?? {}, token })
    return { session, token, cookies: [] }
  } catch (error) {
    reportFailure(config.logger, new JWTSessionError("Could not read the session token", { cause: error }))
    return none
  }
}
