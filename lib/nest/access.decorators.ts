import { SetMetadata } from "@nestjs/common"
import type { CustomDecorator, ExecutionContext } from "@nestjs/common"
import type { Session } from "../core/vocabulary/models.js"
import { AUTHORIZE_KEY, IS_PUBLIC_KEY, ROLES_KEY } from "./auth.constants.js"

/**
 * Lets requests through `AuthGuard` without a session. Put it on a handler or a controller; a
 * handler's value wins over its class's, so `@Public(false)` protects one route of a public controller.
 *
 * @example
 * ```ts
 * @Public()
 * @Get("health")
 * health() { return "ok" }
 * ```
 */
export const Public = (isPublic = true): CustomDecorator<string> => SetMetadata(IS_PUBLIC_KEY, isPublic)

/**
 * Lets through `AuthGuard` only users holding at least one of `roles`; others get 403
 * (`ForbiddenException`). Roles come from the session: `session.user.role` or `session.user.roles`
 * by default, or the `roles` option of `AuthModule.forRoot()`. On a handler it replaces its class's
 * `@Roles()`; `@Roles()` with no role lifts a class's requirement. Works in HTTP controllers,
 * GraphQL resolvers and WebSocket gateways.
 *
 * @example
 * ```ts
 * @Roles("admin")
 * @Controller("admin")
 * export class AdminController {
 *   @Get() dashboard() {}
 *   @Roles("admin", "support") @Get("tickets") tickets() {}
 * }
 * ```
 */
export const Roles = (...roles: string[]): CustomDecorator<string> => {
  if (!roles.every((role) => typeof role === "string")) throw new TypeError("@Roles() takes role names (strings)")
  return SetMetadata(ROLES_KEY, Object.freeze([...roles]))
}

/**
 * Decides whether a signed-in user may run a handler. Only `true` allows; `false`, any other value,
 * or a throw refuses (a throw is logged once, as an error of the predicate).
 */
export type AuthorizePredicate = (session: Session, context: ExecutionContext) => boolean | Promise<boolean>

/**
 * Lets through `AuthGuard` only sessions the predicate accepts; others get 403
 * (`ForbiddenException`). On a handler it replaces its class's `@Authorize()`. With `@Roles()` on the
 * same route both must pass. `context` is Nest's: read route params, GraphQL args or the WebSocket
 * message from it.
 *
 * @example
 * ```ts
 * @Authorize((session) => session.user?.email?.endsWith("@example.com") === true)
 * @Get("staff") staff() {}
 *
 * @Authorize(async (session, ctx) => owns(session, ctx.switchToHttp().getRequest().params.id))
 * @Delete(":id") remove() {}
 * ```
 */
export const Authorize = (predicate: AuthorizePredicate): CustomDecorator<string> => {
  if (typeof predicate !== "function") throw new TypeError("@Authorize() takes a function (session, context) => boolean")
  return SetMetadata(AUTHORIZE_KEY, predicate)
}
