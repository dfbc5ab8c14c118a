import { Inject, Injectable } from "@nestjs/common"
import type { ResolvedConfig } from "../core/config/types.js"
import { issueBearerToken, type IssuedToken } from "../core/session/bearer-session.js"
import type { JWT, Session } from "../core/vocabulary/models.js"
import { RESOLVED_CONFIG } from "./auth.constants.js"
import type { HttpRequest } from "./http-bridge.js"
import { SessionControl } from "./session.control.js"
import { SessionReader, type SessionState } from "./session.reader.js"

/**
 * Reads sessions and issues bearer tokens; signs in, updates and signs out from server code, and
 * manages a user's sessions and linked accounts (see `SessionControl`, whose methods it inherits).
 * Inject it anywhere: `AuthModule` is global.
 *
 * @example
 * ```ts
 * @Get("me")
 * me(@Req() req: Request) { return this.auth.getSession(req) }
 * ```
 */
@Injectable()
export class AuthService extends SessionControl {
  constructor(
    @Inject(RESOLVED_CONFIG) private readonly config: ResolvedConfig,
    @Inject(SessionReader) private readonly sessions: SessionReader,
  ) {
    super(config, sessions)
  }

  /**
   * The session of the request, or `null`. The cookie is decoded once per request however often
   * this is called. When the session is due for its sliding refresh (at most once per
   * `session.updateAge`), or the cookie is unreadable, the `Set-Cookie` that refreshes or clears it
   * is added to the response (`req.res`), so API calls keep a session alive as `GET /auth/session` does.
   */
  getSession(req: HttpRequest): Promise<Session | null> {
    return this.getSessionState(req).then((state) => state.session)
  }

  /**
   * Like `getSession`, but tells "no session" apart from "cannot tell": `unavailable` is true when
   * the adapter failed (the database is down). `AuthGuard` answers 503 then instead of 401.
   */
  getSessionState(req: HttpRequest): Promise<SessionState> {
    return Promise.resolve(this.sessions.stateOf(req))
  }

  /**
   * The decoded session JWT of the request (after your `jwt` callback), or `null`: for instance to
   * call an upstream API with the provider's `access_token` you kept in it. Shares the one decode per
   * request with `getSession`. Always `null` with database sessions.
   */
  async getToken(req: HttpRequest): Promise<JWT | null> {
    return (await this.getSessionState(req)).token
  }

  /**
   * A token for `Authorization: Bearer` (accepted when `bearer: true`) that carries the request's
   * session: the same JWE as the cookie, expiring after `jwt.maxAge` and revoked the same ways
   * (the `jwt` callback returning null, a rotated secret; for database sessions, deleting the row,
   * as the token is then the session token itself). `null` without a session. With `session.issuedBy`
   * nothing is minted: the token is the one the request carried, expiring when it does.
   */
  async issueToken(req: HttpRequest): Promise<IssuedToken | null> {
    const { session, token } = await this.getSessionState(req)
    return session ? issueBearerToken(this.config, req, session, token) : null
  }
}
