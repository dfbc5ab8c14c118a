import { Inject, Injectable, ServiceUnavailableException, UnauthorizedException } from "@nestjs/common"
import type { CanActivate, ExecutionContext } from "@nestjs/common"
import { Reflector } from "@nestjs/core"
import { IS_PUBLIC_KEY, REQUEST_SESSION_KEY } from "./auth.constants.js"
import { AuthService } from "./auth.service.js"
import type { HttpRequest } from "./express-bridge.js"

/**
 * Lets a request through only with a valid session, which it puts on the request for `@Session()`.
 * Routes marked `@Public()` pass without one. Use it per controller or route with
 * `@UseGuards(AuthGuard)`, or for the whole app as `{ provide: APP_GUARD, useClass: AuthGuard }`.
 *
 * For transports other than HTTP (GraphQL, WebSockets), extend it and override `getRequest`.
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
    @Inject(Reflector) protected readonly reflector: Reflector,
    @Inject(AuthService) protected readonly auth: AuthService,
  ) {}

  /**
   * @throws UnauthorizedException when the route is not public and there is no session.
   * @throws ServiceUnavailableException (503) when the session store (database adapter) is down.
   */
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ])
    if (isPublic) return true
    const req = this.getRequest(context)
    const { session, unavailable } = await this.auth.getSessionState(req)
    if (unavailable) throw new ServiceUnavailableException("The session store is unavailable; try again shortly.")
    if (!session) throw new UnauthorizedException()
    ;(req as unknown as Record<string, unknown>)[REQUEST_SESSION_KEY] = session
    return true
  }

  /** The HTTP request of this call. Override it to read the request from another context type. */
  getRequest(context: ExecutionContext): HttpRequest {
    return context.switchToHttp().getRequest<HttpRequest>()
  }
}
