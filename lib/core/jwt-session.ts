import type { ResolvedConfig } from "./config/types.js"
import type { CookieDef } from "./cookies.js"
import type { JWT, Session } from "./models.js"
import { writeSessionCookie } from "./session-store.js"
import { refreshIfDue, surfaceRefreshError } from "./tokens/refresh.js"
import type { SetCookie } from "./types.js"

/** Decodes the session cookie value with the configured codec; throws on a bad token. */
export async function decodeSessionToken(config: ResolvedConfig, value: string, salt: string): Promise<JWT | null> {
  return config.jwt.decode({ token: value, secret: [...config.secrets], salt })
}

/** Encrypts `token` and lays it out as (chunked) cookies replacing the ones the request carried. */
export async function sessionCookiesFor(
  config: ResolvedConfig,
  token: JWT,
  def: CookieDef,
  presentNames: string[],
): Promise<SetCookie[]> {
  const value = await config.jwt.encode({ token, secret: [...config.secrets], salt: def.name, maxAge: config.jwt.maxAge })
  const expires = new Date(Date.now() + config.session.maxAge * 1000)
  return writeSessionCookie(value, def, presentNames, expires)
}

/**
 * Runs the `jwt` then the `session` callback on a decoded token, as Auth.js does on every session read.
 * `update` carries the data of a POST to the session endpoint. With `tokens.refresh` an expired
 * access token is refreshed first (the `jwt` callback sees the new one) and `refreshed` is true.
 */
export async function sessionFromToken(
  config: ResolvedConfig,
  decoded: JWT,
  expires: Date,
  update?: { data: unknown },
): Promise<{ token: JWT | null; session: Session | null; refreshed?: boolean }> {
  const renewed = config.tokenRefresh ? await refreshIfDue(config, decoded) : undefined
  const current = renewed ?? decoded
  const token = await config.callbacks.jwt(
    update ? { token: current, trigger: "update", session: update.data } : { token: current, session: undefined },
  )
  if (!token) return { token: null, session: null }
  const session = await config.callbacks.session({
    session: {
      user: { name: token.name, email: token.email, image: token.picture },
      expires: expires.toISOString(),
    },
    token,
  })
  if (config.tokenRefresh) surfaceRefreshError((session as Session) ?? null, token)
  return { token, session: (session as Session) ?? null, refreshed: renewed !== undefined }
}
