import { identityJwt } from "./config/callbacks.js"
import type { ResolvedConfig } from "./config/types.js"
import type { CookieDef } from "./cookies.js"
import type { JWT, Session } from "./models.js"
import { writeSessionCookie } from "./session-store.js"
import { refreshIfDue, surfaceRefreshError } from "./tokens/refresh.js"
import type { SetCookie } from "./types.js"

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === "function"
}

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
  // The default `jwt` callback returns its input, and a callback that is not async needs no await:
  // the session check runs on every request (#9).
  const token =
    config.callbacks.jwt === identityJwt && !update
      ? current
      : await config.callbacks.jwt(
          update ? { token: current, trigger: "update", session: update.data } : { token: current, session: undefined },
        )
  if (!token) return { token: null, session: null }
  const shaped = config.callbacks.session({
    session: {
      user: { name: token.name, email: token.email, image: token.picture },
      expires: expires.toISOString(),
    },
    token,
  })
  const session = isPromiseLike(shaped) ? await shaped : shaped
  if (config.tokenRefresh) surfaceRefreshError((session as Session) ?? null, token)
  return { token, session: (session as Session) ?? null, refreshed: renewed !== undefined }
}
