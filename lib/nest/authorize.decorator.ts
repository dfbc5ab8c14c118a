import { SetMetadata } from "@nestjs/common"
import type { CustomDecorator, ExecutionContext } from "@nestjs/common"
import type { Session } from "../core/vocabulary/models.js"
import { AUTHORIZE_KEY } from "./auth.constants.js"

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
