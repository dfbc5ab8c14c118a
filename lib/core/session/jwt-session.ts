import { andThen, isPromiseLike } from "../awaitable.js"
import { defaultCallbacks, identityJwt } from "../config/callbacks.js"
import type { ResolvedConfig } from "../config/types.js"
import type { Awaitable, JWT, Session } from "../vocabulary/models.js"
import { refreshIfDue, surfaceRefreshError } from "../tokens/refresh.js"
import { looksLikeCheckCookie, namesSomebody } from "./identity.js"

/** Decodes the session cookie value with the configured codec; throws on a bad token. */
export async function decodeSessionToken(config: ResolvedConfig, value: string, salt: string): Promise<JWT | null> {
  return config.jwt.decode({ token: value, secret: [...config.secrets], salt })
}

/** What the callbacks made of a decoded token. */
export interface SessionFromToken {
  token: JWT | null
  session: Session | null
  refreshed?: boolean
}

/**
 * Runs the `jwt` then the `session` callback on a decoded token, as Auth.js does on every session read.
 * `update` carries the data of a POST to the session endpoint. With `tokens.refresh` an expired
 * access token is refreshed first (the `jwt` callback sees the new one) and `refreshed` is true.
 * Synchronous when the callbacks are (the defaults are): the session check runs on every request (#9).
 */
export function sessionFromToken(
  config: ResolvedConfig,
  decoded: JWT,
  expires: Date,
  update?: { data: unknown },
): Awaitable<SessionFromToken> {
  if (looksLikeCheckCookie(decoded)) return refuseAnonymous(config)
  const result = config.tokenRefresh
    ? refreshedSession(config, decoded, expires, update)
    : andThen(runJwtCallback(config, decoded, update), (token) => shapeSession(config, token, expires, false))
  return andThen(result, (read) => (read.token && !namesSomebody(read.token, read.session) ? refuseAnonymous(config) : read))
}

/** A token that names nobody is no session (see identity.ts); one warn line, the token never logged. */
function refuseAnonymous(config: ResolvedConfig): SessionFromToken {
  config.logger.warn("session-without-identity")
  return { token: null, session: null }
}

async function refreshedSession(
  config: ResolvedConfig,
  decoded: JWT,
  expires: Date,
  update?: { data: unknown },
): Promise<SessionFromToken> {
  const renewed = await refreshIfDue(config, decoded)
  const token = await runJwtCallback(config, renewed ?? decoded, update)
  const result = await shapeSession(config, token, expires, renewed !== undefined)
  if (result.token) surfaceRefreshError(result.session, result.token)
  return result
}

function runJwtCallback(config: ResolvedConfig, current: JWT, update?: { data: unknown }): Awaitable<JWT | null> {
  // The default `jwt` callback returns its input.
  if (config.callbacks.jwt === identityJwt && !update) return current
  return config.callbacks.jwt(
    update ? { token: current, trigger: "update", session: update.data } : { token: current, session: undefined },
  )
}

function shapeSession(config: ResolvedConfig, token: JWT | null, expires: Date, refreshed: boolean): Awaitable<SessionFromToken> {
  if (!token) return { token: null, session: null }
  const session: Session = {
    user: { name: token.name, email: token.email, image: token.picture },
    expires: expires.toISOString(),
  }
  // The default `session` callback would copy this object field by field into the same shape.
  if (config.callbacks.session === defaultCallbacks.session) return { token, session, refreshed }
  const shaped = config.callbacks.session({ session, token })
  return isPromiseLike(shaped)
    ? Promise.resolve(shaped).then((session) => ({ token, session: (session as Session) ?? null, refreshed }))
    : { token, session: (shaped as Session) ?? null, refreshed }
}
