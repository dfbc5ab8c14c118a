import { SetMetadata } from "@nestjs/common"
import type { CustomDecorator } from "@nestjs/common"
import { ROLES_KEY } from "./auth.constants.js"

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

/** True when `held` (what the session says) names one of `required`. */
export function holdsAnyRole(held: string | readonly string[] | null | undefined, required: readonly string[]): boolean {
  if (typeof held === "string") return required.includes(held)
  if (!Array.isArray(held)) return false
  return held.some((role) => typeof role === "string" && required.includes(role))
}
