import { SetMetadata } from "@nestjs/common"
import type { CustomDecorator } from "@nestjs/common"
import { IS_PUBLIC_KEY } from "./auth.constants.js"

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
