import { Inject, Injectable, Optional } from "@nestjs/common"
import type { OnModuleInit } from "@nestjs/common"
import { HttpAdapterHost } from "@nestjs/core"
import type { ResolvedConfig } from "../core/config/types.js"
import type { handleAuth } from "../core/handle.js"
import { readBearerSession } from "../core/bearer-session.js"
import type { JWT, Session } from "../core/models.js"
import { readSession, type SessionResult } from "../core/session.js"
import { AUTH_GUARD_OPTIONS, AUTH_SERVICE_REF, RESOLVED_CONFIG } from "./auth.constants.js"
import { bearerToken, issueToken, type IssuedToken } from "./bearer-token.js"
import { appendCookies, headerText, sendAuthResponse, toAuthRequest } from "./express-bridge.js"
import type { HttpRequest, HttpResponse } from "./express-bridge.js"
import type { ResolvedGuardOptions } from "./guard-options.js"

/**
 * Serves the auth routes and reads sessions. Inject it anywhere: `AuthModule` is global.
 *
 * @example
 * ```ts
 * @Get("me")
 * me(@Req() req: Request) { return this.auth.getSession(req) }
 * ```
 */
@Injectable()
export class AuthService implements OnModuleInit {
  /**
   * The action engine (every auth route, the built-in pages) loads on the first auth request rather
   * than at boot: guarded routes never need it, and it is most of what the package adds to start-up.
   */
  private engine?: Promise<typeof handleAuth>

  /** One session read per request, shared by the guard, `@Session()` and callers of `getSession`. */
  private readonly sessions = new WeakMap<object, Promise<SessionState>>()

  constructor(
    @Inject(RESOLVED_CONFIG) private readonly config: ResolvedConfig,
    @Optional() @Inject(HttpAdapterHost) private readonly adapterHost?: HttpAdapterHost,
    @Optional() @Inject(AUTH_GUARD_OPTIONS) private readonly guardOptions?: ResolvedGuardOptions,
  ) {}

  /** Lets `@Session()` reach this service on routes no guard ran on (see session.decorator.ts). */
  onModuleInit(): void {
    const app: unknown = this.adapterHost?.httpAdapter?.getInstance?.()
    if (typeof app === "function" || (typeof app === "object" && app !== null)) {
      Object.defineProperty(app, AUTH_SERVICE_REF, { value: this, configurable: true })
    }
  }

  /** Answers one request to the auth routes; the controller's only call. Never throws for bad input. */
  async handle(req: HttpRequest, res: HttpResponse, action: string, providerId?: string): Promise<void> {
    const run = await (this.engine ??= import("../core/handle.js").then((m) => m.handleAuth))
    sendAuthResponse(res, await run(toAuthRequest(req, action, providerId), this.config))
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
    let pending = this.sessions.get(req)
    if (!pending) {
      pending = this.read(req)
      this.sessions.set(req, pending)
    }
    return pending
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
    return session ? issueToken(this.config, req, session, token) : null
  }

  private async read(req: HttpRequest): Promise<SessionState> {
    // A request that brings a bearer token is judged by it alone (and gets no cookies back).
    const bearer = this.guardOptions?.bearer ? bearerToken(req.headers.authorization) : undefined
    if (bearer !== undefined) {
      const read = await readBearerSession(this.config, { protocol: req.protocol, headers: forwardedProto(req) }, bearer)
      return { session: read.session, token: read.token, unavailable: read.unavailable === true }
    }
    const { session, token, cookies, unavailable }: SessionResult = await readSession(this.config, {
      protocol: req.protocol,
      // The per-request path: no copy of every header, and only the session cookie is parsed.
      headers: { "x-forwarded-proto": headerText(req.headers["x-forwarded-proto"]) },
      cookieHeader: headerText(req.headers.cookie),
    })
    if (cookies.length > 0 && req.res && !req.res.headersSent) appendCookies(req.res, cookies)
    return { session, token, unavailable: unavailable === true }
  }
}

function forwardedProto(req: HttpRequest): Record<string, string | undefined> {
  return { "x-forwarded-proto": headerText(req.headers["x-forwarded-proto"]) }
}

/** The outcome of a session read. */
export interface SessionState {
  session: Session | null
  /** The decoded JWT behind the session (after the `jwt` callback); null for database sessions. */
  token: JWT | null
  /** The session store (adapter) failed, so whether there is a session is unknown. */
  unavailable: boolean
}
