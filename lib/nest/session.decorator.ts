import { createParamDecorator } from "@nestjs/common"
import type { ExecutionContext } from "@nestjs/common"
import type { Session as SessionData } from "../core/models.js"
import { AUTH_SERVICE_REF, REQUEST_SESSION_KEY } from "./auth.constants.js"
import type { AuthService } from "./auth.service.js"

/**
 * The current session: what `GET <basePath>/session` returns, shaped by the `session` callback.
 * `DefaultSession` plus whatever your callback adds.
 */
export type Session = SessionData

/**
 * Injects the current session, or `null` when there is none.
 *
 * Behind `AuthGuard` it is the session the guard read. On routes no guard checked (such as
 * `@Public()` ones) it reads the session itself through `AuthService`, so a public page can still
 * greet a signed-in user; the cookie is still decoded only once per request.
 *
 * Import it from `nestjs-authjs`, not `@nestjs/common` (whose `Session` is express-session's).
 *
 * @example
 * ```ts
 * @Get("me")
 * me(@Session() session: Session) { return session.user }
 *
 * @Public()
 * @Get()
 * home(@Session() session: Session | null) { return session ? "Welcome back" : "Hello" }
 * ```
 */
export const Session = createParamDecorator(
  (_data: unknown, context: ExecutionContext): SessionData | null | Promise<SessionData | null> => {
    const req = context.switchToHttp().getRequest<Record<PropertyKey, unknown>>()
    if (REQUEST_SESSION_KEY in req) return (req[REQUEST_SESSION_KEY] as SessionData | null) ?? null
    // Nest awaits a promise returned by a parameter decorator before it calls the handler.
    const app = req.app as Record<PropertyKey, unknown> | undefined
    const service = app?.[AUTH_SERVICE_REF] as AuthService | undefined
    return service ? service.getSession(req as never) : null
  },
)
