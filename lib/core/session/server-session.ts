import { adapterCall } from "../adapter/call.js"
import type { ResolvedConfig } from "../config/types.js"
import { fireEvent } from "../events.js"
import { revokeKeptToken } from "../tokens/idp-sign-out.js"
import { AccessDenied, isAuthErrorLike, SignOutError } from "../vocabulary/errors.js"
import type { SetCookie } from "../vocabulary/http.js"
import type { Account, JWT, Profile, Session, User } from "../vocabulary/models.js"
import { clearSessionCookie, writeSessionCookie } from "./cookie-store.js"
import { deleteDatabaseSession, isPlausibleSessionToken, readDatabaseSession } from "./database-session.js"
import { decodeSessionToken, sessionFromToken } from "./jwt-session.js"
import { createDatabaseSession, sessionCookiesFor, signInToken } from "./mint-session.js"
import { requestSessionCookie, type ServerRequest } from "./request-cookie.js"
import { revocationVerdict } from "./revocation.js"

/**
 * Sessions acted on from the app's own code (`AuthService.signIn`, `updateSession`, `signOut`):
 * the same callbacks, events and cookies as the HTTP routes, without a redirect.
 */

/** A session issued, updated or ended from server code, and the cookies the response must carry. */
export interface ServerSessionResult {
  /** The session as `getSession` shows it (after the callbacks); null when there is none (any more). */
  session: Session | null
  /** JWT strategy: the session JWT (after the `jwt` callback). */
  token: JWT | null
  cookies: SetCookie[]
}

/** Options of a sign-in from server code. */
export interface ServerSignInOptions {
  /** The account the user signs in with, as the `signIn` and `jwt` callbacks and the `signIn` event see it. Default null. */
  account?: Account | null
  profile?: Profile
  /** A first sign-in (after a sign-up): the `jwt` callback sees `trigger: "signUp"`. */
  isNewUser?: boolean
  /** JWT strategy: claims laid over the defaults before the `jwt` callback runs. */
  claims?: JWT
}

function assertWritable(config: ResolvedConfig): void {
  if (config.session.issuedBy) throw new Error(`Sessions are issued by ${config.session.issuedBy} (session.issuedBy): they cannot be changed here`)
}

/**
 * Signs `user` in: the `signIn` callback decides (anything but `true` refuses: there is no redirect
 * to follow, so null is returned), then a session is issued exactly as a sign-in issues one (the
 * `jwt` callback with `trigger: "signIn"`/`"signUp"`, the `signIn` event), replacing the request's.
 * Database strategy: the user must exist in the adapter.
 */
export async function signInFromServer(
  config: ResolvedConfig,
  req: ServerRequest,
  user: User,
  options: ServerSignInOptions = {},
): Promise<ServerSessionResult | null> {
  assertWritable(config)
  const account = options.account ?? null
  let allowed: boolean | string
  try {
    allowed = await config.callbacks.signIn({ user, account, profile: options.profile })
  } catch (error) {
    if (!isAuthErrorLike(error)) config.logger.error(new AccessDenied("The signIn callback threw", { cause: error }))
    return null
  }
  if (allowed !== true) return null

  const { def, value, names } = requestSessionCookie(config, req)
  const event = { user, account, profile: options.profile, isNewUser: options.isNewUser }
  if (config.session.strategy === "jwt") {
    const token = await signInToken(config, { ...event, isNewUser: options.isNewUser === true, claims: options.claims })
    if (!token) return null
    const cookies = await sessionCookiesFor(config, token, def, names)
    const shaped = await sessionFromToken(config, token, new Date(Date.now() + config.session.maxAge * 1000))
    await fireEvent(config, "signIn", event)
    return { session: shaped.session, token: shaped.token, cookies }
  }

  const userId = user.id == null ? "" : String(user.id)
  const stored = userId ? await adapterCall(config, "getUser", userId) : null
  if (!stored) throw new Error("signIn: with database sessions the user must exist in the adapter (pass its id)")
  // The browser's previous session ends: one cookie, one session.
  if (value && isPlausibleSessionToken(value)) await deleteDatabaseSession(config, value)
  const minted = await createDatabaseSession(config, stored.id)
  const read = await readDatabaseSession(config, minted.value)
  await fireEvent(config, "signIn", { ...event, user: stored })
  return { session: read.session, token: null, cookies: writeSessionCookie(minted.value, def, names, minted.expires) }
}

/**
 * Updates the request's session from server code, as a POST to the session endpoint does: JWT
 * strategy, the `jwt` callback runs with `trigger: "update"` and `session: data` and the cookie is
 * re-issued; database strategy, the `session` callback runs with `trigger: "update"` and
 * `newSession: data` and the session slides. Null session when the request has none.
 */
export async function updateFromServer(config: ResolvedConfig, req: ServerRequest, data: unknown): Promise<ServerSessionResult> {
  assertWritable(config)
  const { def, value, names } = requestSessionCookie(config, req)
  const none: ServerSessionResult = { session: null, token: null, cookies: [] }
  if (!value) return none
  const cleared = { ...none, cookies: clearSessionCookie(def, names) }
  if (config.session.strategy === "jwt") {
    let decoded: JWT | null
    try {
      decoded = await decodeSessionToken(config, value, def.name)
    } catch {
      return cleared
    }
    if (!decoded) return cleared
    const verdict = await revocationVerdict(config, decoded)
    if (verdict !== "valid") return verdict === "revoked" ? cleared : none
    const expires = new Date(Date.now() + config.session.maxAge * 1000)
    const { token, session } = await sessionFromToken(config, decoded, expires, { data })
    if (!token) return cleared
    const cookies = await sessionCookiesFor(config, token, def, names)
    await fireEvent(config, "session", { session: session ?? {}, token })
    return { session, token, cookies }
  }
  const read = await readDatabaseSession(config, value, { data })
  if (!read.session) return cleared
  const expires = read.extendedTo ?? new Date(read.session.expires)
  await fireEvent(config, "session", { session: read.session })
  return { session: read.session, token: null, cookies: writeSessionCookie(value, def, names, expires) }
}

/**
 * Signs the request out as POST signout does, without the redirect: the `signOut` event, the
 * database session deleted, the kept IdP token revoked with `tokens.revokeOnSignOut`, and the
 * session cookie cleared. Failures while ending the session are logged; the cookie is cleared anyway.
 */
export async function signOutFromServer(config: ResolvedConfig, req: ServerRequest): Promise<SetCookie[]> {
  assertWritable(config)
  const { def, value, names } = requestSessionCookie(config, req)
  if (!value) return []
  try {
    if (config.session.strategy === "jwt") {
      const token = await decodeSessionToken(config, value, def.name)
      await fireEvent(config, "signOut", { token })
      await revokeKeptToken(config, token)
    } else if (isPlausibleSessionToken(value)) {
      const session = await deleteDatabaseSession(config, value)
      await fireEvent(config, "signOut", { session })
    }
  } catch (error) {
    config.logger.error(new SignOutError("Could not end the session cleanly", { cause: error }))
  }
  return clearSessionCookie(def, names)
}
