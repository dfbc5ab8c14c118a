import { adapterCall } from "../adapter/call.js"
import type { ResolvedConfig } from "../config/types.js"
import { keptTokenClaims } from "../tokens/kept-tokens.js"
import type { CookieDef, SetCookie } from "../vocabulary/http.js"
import type { Account, Awaitable, JWT, Profile, User } from "../vocabulary/models.js"
import { writeSessionCookie } from "./cookie-store.js"

/**
 * Issuing a session, in one place for every way one starts: a sign-in (OAuth, email, credentials),
 * a re-issued cookie, `AuthService.issueToken` and the test kit's `createTestSession`.
 */

/** A session's value (an encrypted JWT, or a database session token) and when its cookie expires. */
export interface MintedSession {
  value: string
  expires: Date
}

/** Who signs in, and how. */
export interface SignIn {
  user: User
  /** Null when no provider account is involved (the test kit). */
  account: Account | null
  profile?: Profile
  /** True on a first sign-in: the `jwt` callback then runs with `trigger: "signUp"`. */
  isNewUser: boolean | undefined
  /** Claims laid over the defaults before the callback runs. */
  claims?: JWT
}

/**
 * The JWT of a fresh sign-in: Auth.js's default claims (`name`, `email`, `picture`, `sub`), the
 * provider tokens the config keeps, then `claims`, passed through the `jwt` callback. Null means
 * "no session".
 */
export function signInToken(config: ResolvedConfig, { user, account, profile, isNewUser, claims }: SignIn): Awaitable<JWT | null> {
  const token: JWT = {
    name: user.name,
    email: user.email,
    picture: user.image,
    sub: user.id?.toString(),
    ...keptTokenClaims(config, account),
    ...claims,
  }
  return config.callbacks.jwt({ token, user, account, profile, isNewUser, trigger: isNewUser ? "signUp" : "signIn" })
}

/** Encrypts a session JWT, salted with the session cookie's name; the cookie lives `session.maxAge`. */
export async function encodeSessionToken(config: ResolvedConfig, token: JWT, salt: string): Promise<MintedSession> {
  const value = await config.jwt.encode({ token, secret: [...config.secrets], salt, maxAge: config.jwt.maxAge })
  return { value, expires: new Date(Date.now() + config.session.maxAge * 1000) }
}

/** Encrypts `token` and lays it out as (chunked) cookies replacing the ones the request carried. */
export async function sessionCookiesFor(
  config: ResolvedConfig,
  token: JWT,
  def: CookieDef,
  presentNames: string[],
): Promise<SetCookie[]> {
  const { value, expires } = await encodeSessionToken(config, token, def.name)
  return writeSessionCookie(value, def, presentNames, expires)
}

/** Stores a new database session for the user through the adapter. */
export async function createDatabaseSession(config: ResolvedConfig, userId: string): Promise<MintedSession> {
  const expires = new Date(Date.now() + config.session.maxAge * 1000)
  const sessionToken = config.session.generateSessionToken()
  const session = await adapterCall(config, "createSession", { sessionToken, userId, expires })
  // Adapters return the stored row; tolerate one that returns nothing.
  return { value: session?.sessionToken ?? sessionToken, expires: new Date(session?.expires ?? expires) }
}
