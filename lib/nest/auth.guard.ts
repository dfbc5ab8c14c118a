import { Inject, Injectable } from "@nestjs/common"
import type { CanActivate, ExecutionContext } from "@nestjs/common"
import { isPromiseLike } from "../core/awaitable.js"
import { connectionSessionExpired } from "./connection-session.js"
import { requestOf, reusesConnection } from "./execution-context.js"
import type { HttpRequest } from "./http-bridge.js"
import { RouteAccess } from "./route-access.js"
import type { RoutePolicy } from "./route-access.js"
import { SessionReader, type SessionState } from "./session.reader.js"

/**
 * Lets a call through only with a valid session, which it puts on the request for `@Session()`.
 * `@Public()` routes pass without one (and nothing is decoded); `@Roles()` and `@Authorize()` add
 * checks that refuse with 403. Works in HTTP controllers, GraphQL resolvers and WebSocket gateways
 * (the session of the handshake). Use it per controller or route with `@UseGuards(AuthGuard)`, or for
 * the whole app with `AuthModule.forRoot({ globalGuard: true })`.
 *
 * Refusals: HTTP and GraphQL get `UnauthorizedException` (401), `ForbiddenException` (403) or, when
 * the session store is down, `ServiceUnavailableException` (503); a browser navigation without a
 * session is redirected to the sign-in page instead. A WebSocket without a session is closed.
 *
 * @example
 * ```ts
 * @UseGuards(AuthGuard)
 * @Controller("profile")
 * export class ProfileController {
 *   @Get() me(@Session() session: Session) { return session.user }
 * }
 * ```
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(SessionReader) private readonly sessions: SessionReader,
    @Inject(RouteAccess) private readonly access: RouteAccess,
  ) {}

  /**
   * Synchronous when the session is (a JWT cookie with synchronous callbacks), which saves Nest a
   * promise per request; a promise otherwise.
   * @throws UnauthorizedException, ForbiddenException or ServiceUnavailableException (HTTP, GraphQL).
   */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const policy = this.access.policyOf(context)
    if (policy.isPublic) return true
    const req = this.getRequest(context)
    if (!req) return this.access.refuse(401, context, req)
    const state = this.sessions.stateOf(req)
    return isPromiseLike(state)
      ? Promise.resolve(state).then((read) => this.decide(read, policy, context, req))
      : this.decide(state, policy, context, req)
  }

  private decide(state: SessionState, policy: RoutePolicy, context: ExecutionContext, req: HttpRequest): boolean | Promise<boolean> {
    const { session, unavailable } = state
    if (unavailable) return this.access.refuse(503, context, req)
    // A connection (WebSocket, graphql-ws) keeps the session of its handshake: its expiry is checked on every call.
    if (!session || (onConnection(context, req) && connectionSessionExpired(state))) {
      return this.access.refuse(401, context, req)
    }
    if (!this.access.needsCheck(policy)) return true
    return this.access.allows(policy, session, context).then((allowed) => allowed || this.access.refuse(403, context, req))
  }

  /**
   * The request carrying this call's credentials (see `requestOf`): Express's request, the GraphQL
   * context's `req`, or a WebSocket's handshake. Override it for other transports.
   */
  getRequest(context: ExecutionContext): HttpRequest | undefined {
    return requestOf(context)
  }
}

/** The call reuses a connection's session (a socket, a graphql-ws subscription); never on plain HTTP. */
function onConnection(context: ExecutionContext, req: HttpRequest): boolean {
  const type = context.getType<string>()
  return type !== "http" && (type === "ws" || reusesConnection(req))
}
