import type { ResolvedConfig } from "../core/config/types.js"
import { deleteCurrentUser, listUserAccounts, unlinkUserAccount, type LinkedAccount, type UnlinkResult } from "../core/session/linked-accounts.js"
import type { ServerRequest } from "../core/session/request-cookie.js"
import { signInFromServer, signOutFromServer, updateFromServer, type ServerSignInOptions } from "../core/session/server-session.js"
import { listUserSessions, revokeUserSession, revokeUserSessions, type SessionInfo } from "../core/session/session-management.js"
import type { SetCookie } from "../core/vocabulary/http.js"
import type { Session, User } from "../core/vocabulary/models.js"
import { writeCookies, type CookieResponse, type HttpRequest } from "./http-bridge.js"
import type { SessionReader } from "./session.reader.js"

/**
 * Acting on sessions from server code; `AuthService` inherits these methods. Every call works on
 * the session of the request it is given: a user only ever touches their own sessions and accounts.
 * The response gets the cookies the change needs (a new session cookie, or its removal).
 */
export class SessionControl {
  constructor(
    private readonly cfg: ResolvedConfig,
    private readonly reader: SessionReader,
  ) {}

  /**
   * Signs `user` in without a redirect (after a sign-up, an invitation, a custom flow): the `signIn`
   * callback decides, then the session is issued as a sign-in issues it (`jwt` callback with
   * `trigger: "signIn"`, or `"signUp"` with `isNewUser`; the `signIn` event; the session cookie on
   * `res`, replacing the request's). Database strategy: `user.id` must exist in the adapter.
   * Resolves to the new session, or `null` when the `signIn` or `jwt` callback refused the user.
   */
  async signIn(req: HttpRequest, res: CookieResponse, user: User, options?: ServerSignInOptions): Promise<Session | null> {
    const result = await signInFromServer(this.cfg, serverRequest(req), user, options)
    if (!result) return null
    send(res, result.cookies)
    this.reader.replace(req, result.session, result.token)
    return result.session
  }

  /**
   * Updates the request's session from the server (next-auth's `unstable_update`): the `jwt` callback
   * runs with `trigger: "update"` and `session: data` (database strategy: the `session` callback with
   * `trigger: "update"`, `newSession: data`), and the cookie is re-issued. `null` without a session.
   */
  async updateSession(req: HttpRequest, res: CookieResponse, data: unknown): Promise<Session | null> {
    const result = await updateFromServer(this.cfg, serverRequest(req), data)
    send(res, result.cookies)
    this.reader.replace(req, result.session, result.token)
    return result.session
  }

  /**
   * Signs the request out as `POST <basePath>/signout` does, without the redirect: `signOut` event,
   * database row deleted, IdP token revoked with `tokens.revokeOnSignOut`, session cookie cleared.
   */
  async signOut(req: HttpRequest, res: CookieResponse): Promise<void> {
    send(res, await signOutFromServer(this.cfg, serverRequest(req)))
    this.reader.replace(req, null, null)
  }

  /**
   * The live sessions of the request's user (database strategy; needs `adapter.listSessionsByUserId`),
   * each with an opaque `id` for `revokeSession`. `null` without a session.
   */
  async listSessions(req: HttpRequest): Promise<SessionInfo[] | null> {
    if (!(await this.reader.stateOf(req)).session) return null
    return listUserSessions(this.cfg, serverRequest(req))
  }

  /**
   * Revokes one of the request's user's sessions by the `id` `listSessions` gave. An id that is not
   * one of theirs (forged, another user's, gone) revokes nothing and resolves to `false`. Revoking
   * the request's own session also clears its cookie.
   */
  async revokeSession(req: HttpRequest, res: CookieResponse, id: string): Promise<boolean> {
    if (!(await this.reader.stateOf(req)).session) return false
    const outcome = await revokeUserSession(this.cfg, serverRequest(req), id)
    if (outcome.current) await this.signOut(req, res)
    return outcome.revoked
  }

  /**
   * Ends every session of the request's user ("sign out everywhere", e.g. after a password change),
   * or every other one with `keepCurrent` (database strategy only). JWT strategy needs
   * `session.revocation`. Resolves to the number of database sessions ended (0 for JWT), `null`
   * without a session. Without `keepCurrent` the request's own cookie is cleared too.
   */
  async revokeSessions(req: HttpRequest, res: CookieResponse, options: { keepCurrent?: boolean } = {}): Promise<number | null> {
    const { session, token } = await this.reader.stateOf(req)
    if (!session) return null
    const keepCurrent = options.keepCurrent === true
    const database = this.cfg.session.strategy === "database"
    // The request's own database session ends through signOut below (one signOut event each).
    const count = await revokeUserSessions(this.cfg, serverRequest(req), token, keepCurrent || database)
    if (count === null || keepCurrent) return count
    await this.signOut(req, res)
    return database ? count + 1 : count
  }

  /** The sign-in methods linked to the request's user (needs `adapter.listAccountsByUserId`). `null` without a session. */
  async listAccounts(req: HttpRequest): Promise<LinkedAccount[] | null> {
    const { session, token } = await this.reader.stateOf(req)
    return session ? listUserAccounts(this.cfg, serverRequest(req), token) : null
  }

  /**
   * Unlinks one of the request's user's accounts through `adapter.unlinkAccount`. Refused
   * (`"last-sign-in-method"`) when it is the user's last way to sign in; `"not-found"` when it is not
   * one of the user's accounts.
   */
  async unlinkAccount(req: HttpRequest, account: { provider: string; providerAccountId: string }): Promise<UnlinkResult> {
    const { session, token } = await this.reader.stateOf(req)
    return session ? unlinkUserAccount(this.cfg, serverRequest(req), token, account) : "no-session"
  }

  /**
   * Deletes the request's user through `adapter.deleteUser` (with their accounts and sessions), and
   * signs the request out. JWT strategy: with `session.revocation` their other sessions are revoked too.
   */
  async deleteUser(req: HttpRequest, res: CookieResponse): Promise<boolean> {
    const { session, token } = await this.reader.stateOf(req)
    if (!session || !(await deleteCurrentUser(this.cfg, serverRequest(req), token))) return false
    await this.signOut(req, res)
    return true
  }
}

function serverRequest(req: HttpRequest): ServerRequest {
  return { protocol: req.protocol, headers: req.headers }
}

function send(res: CookieResponse, cookies: readonly SetCookie[]): void {
  writeCookies(res, cookies)
}
