import type { ResolvedConfig } from "./config/types.js"
import type { CookieDef } from "./cookies.js"
import type { JWT, Session } from "./models.js"
import { writeSessionCookie } from "./session-store.js"
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
 * `update` carries the data of a POST to the session endpoint.
 */
export async function sessionFromToken(
  config: ResolvedConfig,
  decoded: JWT,
  expires: Date,
  update?: { data: unknown },
): Promise<{ token: JWT | null; session: Session | null }> {
  const token = await config.callbacks.jwt(
    update ? { token: decoded, trigger: "update", session: update.data } : { token: decoded, session: undefined },
  )
  if (!token) return { token: null, session: null }
  const session = await config.callbacks.session({
    session: {
      user: { name: token.name, email: token.email, image: token.picture },
      expires: expires.toISOString(),
    },
    token,
  })
  return { token, session: (session as Session) ?? null }
}
