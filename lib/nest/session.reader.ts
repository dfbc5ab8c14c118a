import { Inject, Injectable, Optional } from "@nestjs/common"
import { isPromiseLike } from "../core/awaitable.js"
import type { ResolvedConfig } from "../core/config/types.js"
import { readRequestSession } from "../core/session/bearer-session.js"
import type { SessionResult } from "../core/session/session-result.js"
import type { Awaitable, JWT, Session } from "../core/vocabulary/models.js"
import { AUTH_GUARD_OPTIONS, RESOLVED_CONFIG } from "./auth.constants.js"
import type { HttpRequest } from "./http-bridge.js"
import { HttpBridgeHost } from "./http-bridge.host.js"
import type { ResolvedGuardOptions } from "./guard-options.js"

/** The outcome of a session read. */
export interface SessionState {
  session: Session | null
  /** The decoded JWT behind the session (after the `jwt` callback); null for database sessions. */
  token: JWT | null
  /** The session store (adapter) failed, so whether there is a session is unknown. */
  unavailable: boolean
}

/** Where a request keeps its session read (see `SessionReader.stateOf`). */
const SESSION_STATE: unique symbol = Symbol("nestjs-authjs.session-state")

interface SessionStateHolder {
  [SESSION_STATE]?: Awaitable<SessionState>
}

/**
 * The session state a finished read left on the request, e.g. `AuthGuard`'s; undefined when no read
 * has finished (then `AuthService.getSession` reads it). What `@Session()` looks at first.
 */
export function settledSessionState(req: object): SessionState | undefined {
  const state = (req as SessionStateHolder)[SESSION_STATE]
  return state === undefined || isPromiseLike(state) ? undefined : state
}

const NO_SESSION: SessionState = Object.freeze({ session: null, token: null, unavailable: false })

/**
 * Reads the session of a request once, for the guard, `@Session()` and `AuthService` together.
 * Internal: `AuthService` is its public face.
 */
@Injectable()
export class SessionReader {
  constructor(
    @Inject(RESOLVED_CONFIG) private readonly config: ResolvedConfig,
    @Inject(HttpBridgeHost) private readonly bridges: HttpBridgeHost,
    @Optional() @Inject(AUTH_GUARD_OPTIONS) private readonly guardOptions?: ResolvedGuardOptions,
  ) {}

  /**
   * The session state without a promise when the answer is ready at once (a JWT cookie with
   * synchronous callbacks), which saves the guard a promise per request. One read per request, kept on it.
   */
  stateOf(req: HttpRequest): Awaitable<SessionState> {
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

  /** Replaces the request's session read after server code changed it (sign-in, update, sign-out). */
  replace(req: HttpRequest, session: Session | null, token: JWT | null): void {
    ;(req as unknown as SessionStateHolder)[SESSION_STATE] = { session, token, unavailable: false }
  }

  private read(req: HttpRequest): Awaitable<SessionState> {
    const result = readRequestSession(this.config, req, this.guardOptions?.bearer === true)
    return isPromiseLike(result) ? Promise.resolve(result).then((r) => this.settle(req, r)) : this.settle(req, result)
  }

  /** Forwards the cookies a read produced (a due refresh, or clearing a bad one) onto the response. */
  private settle(req: HttpRequest, { session, token, cookies, unavailable }: SessionResult): SessionState {
    if (cookies.length > 0) {
      this.bridges.bridge.appendCookies(req, cookies)
    } else if (session === null && token === null && !unavailable) {
      return NO_SESSION
    }
    return { session, token, unavailable: unavailable === true }
  }
}
