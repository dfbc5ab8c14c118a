import { Inject, Injectable, Optional } from "@nestjs/common"
import type { OnModuleInit } from "@nestjs/common"
import { HttpAdapterHost } from "@nestjs/core"
import type { ResolvedConfig } from "../core/config/types.js"
import type { handleAuth } from "../core/handle.js"
import { readBearerSession } from "../core/session/bearer-session.js"
import { isPromiseLike } from "../core/awaitable.js"
import { headerValue } from "../core/headers.js"
import type { Awaitable, JWT, Session } from "../core/vocabulary/models.js"
import { readSession } from "../core/session/read-session.js"
import { type SessionResult } from "../core/session/session-result.js"
import { AUTH_GUARD_OPTIONS, AUTH_SERVICE_REF, RESOLVED_CONFIG } from "./auth.constants.js"
import { bearerToken, issueToken, type IssuedToken } from "./bearer-token.js"
import { appendCookies, sendAuthResponse, toAuthRequest } from "./express-bridge.js"
import type { HttpRequest, HttpResponse } from "./express-bridge.js"
import type { ResolvedGuardOptions } from "./guard-options.js"

/** Where a request keeps its session read (see `sessionStateOf`). */
const SESSION_STATE: unique symbol = Symbol("nestjs-authjs.session-state")

interface SessionStateHolder {
  [SESSION_STATE]?: Awaitable<SessionState>
}

/**
 * The session state a finished read left on the request, e.g. `AuthGuard`'s; undefined when no read
 * has finished (then `AuthService.getSession` reads it). What `@Session()` looks at first.
 * @internal
 */
export function settledSessionState(req: object): SessionState | undefined {
  const state = (req as SessionStateHolder)[SESSION_STATE]
  return state === undefined || isPromiseLike(state) ? undefined : state
}

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
    return Promise.resolve(this.sessionStateOf(req))
  }

  /**
   * `getSessionState` without the promise when the answer is ready at once (a JWT cookie with
   * synchronous callbacks): what `AuthGuard` calls. One read per request, kept on the request.
   * @internal
   */
  sessionStateOf(req: HttpRequest): Awaitable<SessionState> {
    const holder = req as unknown as SessionStateHolder
    let state = holder[SESSION_STATE]
    if (state === undefined) {
      state = this.read(req)
      // "No session, nothing to send" is cheaper to work out again than to remember.
      if (state === NO_SESSION) return state
      // Once a pending read settles, its result replaces the promise (for `@Session()`).
      if (isPromiseLike(state)) state = Promise.resolve(state).then((settled) => (holder[SESSION_STATE] = settled))
      // A symbol property rather than a WeakMap entry per request, which costs the collector more.
      holder[SESSION_STATE] = state
    }
    return state
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

  private read(req: HttpRequest): Awaitable<SessionState> {
    // A request that brings a bearer token is judged by it alone (and gets no cookies back).
    const bearer = this.guardOptions?.bearer ? bearerToken(req.headers.authorization) : undefined
    if (bearer !== undefined) return this.readBearer(req, bearer)
    const cookieHeader = headerValue(req.headers, "cookie")
    if (cookieHeader === undefined) return NO_SESSION
    const result = readSession(this.config, {
      protocol: req.protocol,
      // The per-request path: no copy of every header, and only the session cookie is parsed.
      headers: forwardedProto(req),
      cookieHeader,
    })
    return isPromiseLike(result) ? Promise.resolve(result).then((r) => settle(req, r)) : settle(req, result)
  }

  private async readBearer(req: HttpRequest, bearer: string): Promise<SessionState> {
    const read = await readBearerSession(this.config, { protocol: req.protocol, headers: forwardedProto(req) }, bearer)
    return { session: read.session, token: read.token, unavailable: read.unavailable === true }
  }
}

/** Forwards the cookies a read produced (a due refresh, or clearing a bad one) onto the response. */
function settle(req: HttpRequest, { session, token, cookies, unavailable }: SessionResult): SessionState {
  if (cookies.length > 0) {
    if (req.res && !req.res.headersSent) appendCookies(req.res, cookies)
  } else if (session === null && token === null && !unavailable) {
    return NO_SESSION
  }
  return { session, token, unavailable: unavailable === true }
}

const NO_SESSION: SessionState = Object.freeze({ session: null, token: null, unavailable: false })

function forwardedProto(req: HttpRequest): Record<string, string | undefined> {
  return { "x-forwarded-proto": headerValue(req.headers, "x-forwarded-proto") }
}

/** The outcome of a session read. */
export interface SessionState {
  session: Session | null
  /** The decoded JWT behind the session (after the `jwt` callback); null for database sessions. */
  token: JWT | null
  /** The session store (adapter) failed, so whether there is a session is unknown. */
  unavailable: boolean
}
