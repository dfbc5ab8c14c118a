import type { ResolvedConfig } from "../config/types.js"
import { JWTSessionError } from "../vocabulary/errors.js"
import { fireEvent } from "../events.js"
import { decodeSessionToken, sessionFromToken } from "./jwt-session.js"
import type { JWT, Session } from "../vocabulary/models.js"
import { isSecureRequest } from "../origin.js"
import { reportFailure } from "../logger.js"
import { readSession } from "./read-session.js"
import type { SessionInput } from "./session-result.js"

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
    const name = (secure ? config.cookies.secure : config.cookies.plain).sessionToken.name
    const read = await readSession(config, { ...input, cookies: { [name]: bearer } })
    return read.unavailable ? { ...none, unavailable: true } : { session: read.session, token: null }
  }
  const { secure: secureCookies, plain } = config.cookies
  const salts = secure ? [secureCookies.sessionToken.name, plain.sessionToken.name] : [plain.sessionToken.name, secureCookies.sessionToken.name]
  try {
    const decoded = await decodeWithEither(config, bearer, [...new Set(salts)])
    if (!decoded) return none
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
