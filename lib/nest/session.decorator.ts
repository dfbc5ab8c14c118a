import { createParamDecorator, Inject, Injectable, Optional } from "@nestjs/common"
import type { ExecutionContext, PipeTransform } from "@nestjs/common"
import type { Session as SessionShape } from "../core/vocabulary/models.js"
import { AuthService } from "./auth.service.js"
import { settledSessionState } from "./session.reader.js"
import { requestOf } from "./execution-context.js"
import type { HttpRequest } from "./http-bridge.js"

/** "No guard read this request's session": `SessionPipe`, which can reach `AuthService`, reads it. */
class SessionLookup {
  constructor(readonly req: HttpRequest) {}
}

/** The session `AuthGuard` (or another finished read) left on the call's request, else a lookup for the pipe. */
const sessionParam = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Session | null | SessionLookup => {
    const req = requestOf(context)
    if (!req) return null
    const settled = settledSessionState(req)
    return settled !== undefined ? settled.session : new SessionLookup(req)
  },
)

/**
 * Resolves `@Session()` on calls no guard checked (such as `@Public()` ones), through `AuthService`,
 * so the session is still decoded once per request (once per connection for WebSockets). Nest builds
 * it with dependency injection in each module that uses `@Session()`.
 */
@Injectable()
class SessionPipe implements PipeTransform {
  constructor(@Optional() @Inject(AuthService) private readonly auth?: AuthService) {}

  transform(value: unknown): unknown {
    if (!(value instanceof SessionLookup)) return value
    return this.auth ? this.auth.getSession(value.req) : null
  }
}

/** The session type (declared in lib/session.ts, where module augmentation reaches it). */
export type Session = SessionShape

/** `@Session()`; `nestjs-authjs` exports it from lib/session.ts, beside the augmentable type. */
export const Session = (): ParameterDecorator => sessionParam(undefined, SessionPipe)
