import { Inject, Injectable, Optional } from "@nestjs/common"
import type { OnModuleInit } from "@nestjs/common"
import { HttpAdapterHost } from "@nestjs/core"
import type { ResolvedConfig } from "../core/config/types.js"
import { handleAuth } from "../core/handle.js"
import type { Session } from "../core/models.js"
import { readSession, type SessionResult } from "../core/session.js"
import { AUTH_SERVICE_REF, RESOLVED_CONFIG } from "./auth.constants.js"
import { appendCookies, headerText, sendAuthResponse, toAuthRequest } from "./express-bridge.js"
import type { HttpRequest, HttpResponse } from "./express-bridge.js"

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
  /** One session read per request, shared by the guard, `@Session()` and callers of `getSession`. */
  private readonly sessions = new WeakMap<object, Promise<SessionState>>()

  constructor(
    @Inject(RESOLVED_CONFIG) private readonly config: ResolvedConfig,
    @Optional() @Inject(HttpAdapterHost) private readonly adapterHost?: HttpAdapterHost,
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
    sendAuthResponse(res, await handleAuth(toAuthRequest(req, action, providerId), this.config))
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

  private async read(req: HttpRequest): Promise<SessionState> {
    const { session, cookies, unavailable }: SessionResult = await readSession(this.config, {
      protocol: req.protocol,
      // The per-request path: no copy of every header, and only the session cookie is parsed.
      headers: { "x-forwarded-proto": headerText(req.headers["x-forwarded-proto"]) },
      cookieHeader: headerText(req.headers.cookie),
    })
    if (cookies.length > 0 && req.res && !req.res.headersSent) appendCookies(req.res, cookies)
    return { session, unavailable: unavailable === true }
  }
}

/** The outcome of a session read. */
export interface SessionState {
  session: Session | null
  /** The session store (adapter) failed, so whether there is a session is unknown. */
  unavailable: boolean
}
