import { Inject, Injectable, Optional } from "@nestjs/common"
import type { NestMiddleware } from "@nestjs/common"
import { ApplicationConfig } from "@nestjs/core"
import { isPromiseLike } from "../core/awaitable.js"
import type { ResolvedConfig } from "../core/config/types.js"
import { fillRouteParams, prefixPath } from "../core/route-path.js"
import type { Session } from "../core/vocabulary/models.js"
import { RESOLVED_CONFIG } from "./auth.constants.js"
import type { HttpRequest, HttpResponse } from "./express-bridge.js"
import { SessionReader, type SessionState } from "./session.reader.js"

/** An Express response: `res.locals` is what every view rendered for this response sees. */
type ResponseWithLocals = HttpResponse & { locals?: Record<string, unknown> }

/**
 * Puts the current session, or `null`, on `res.locals.session`, where every server-rendered view
 * finds it (`@Render()`, `res.render`): the Nest form of `@auth/express`'s
 * `res.locals.session = await getSession(req, authConfig)`.
 *
 * It shares the one session read per request with `AuthGuard`, `@Session()` and `AuthService`, so
 * guarded routes decode the cookie no more often than before. `null` also stands for "the session
 * store is down" here; a view cannot answer 503, `AuthGuard` still does. Requests to the Auth.js
 * routes themselves are passed through unread: they read and write the session cookie on their own.
 *
 * @example
 * ```ts
 * @Module({ imports: [AuthModule.forRoot(authConfig)], controllers: [PagesController] })
 * export class AppModule implements NestModule {
 *   configure(consumer: MiddlewareConsumer) {
 *     consumer.apply(SessionLocalsMiddleware).forRoutes("*")
 *   }
 * }
 * // views/index.ejs: <% if (session) { %>Signed in as <%= session.user?.email %><% } %>
 * ```
 */
@Injectable()
export class SessionLocalsMiddleware implements NestMiddleware<HttpRequest, ResponseWithLocals> {
  /** `<global prefix><basePath>`, worked out at the first request: `setGlobalPrefix` runs after DI. */
  private authRoutes: string | null | undefined

  constructor(
    @Inject(SessionReader) private readonly sessions: SessionReader,
    @Inject(RESOLVED_CONFIG) private readonly config: ResolvedConfig,
    @Optional() @Inject(ApplicationConfig) private readonly appConfig?: ApplicationConfig,
  ) {}

  use(req: HttpRequest, res: ResponseWithLocals, next: (error?: unknown) => void): void {
    if (this.isAuthRoute(req)) return next()
    const state = this.sessions.stateOf(req)
    // A JWT cookie with synchronous callbacks is answered at once: no promise for every page.
    if (!isPromiseLike(state)) {
      exposeSession(res, state)
      return next()
    }
    Promise.resolve(state).then((settled) => {
      exposeSession(res, settled)
      next()
    }, next)
  }

  private isAuthRoute(req: HttpRequest): boolean {
    if (this.authRoutes === undefined) {
      // A prefix with route parameters (`/:tenant`) cannot be matched without them: read the session.
      const prefix = fillRouteParams(prefixPath(this.appConfig?.getGlobalPrefix()), undefined)
      this.authRoutes = prefix === undefined ? null : `${prefix}${this.config.basePath}`
    }
    if (this.authRoutes === null) return false
    const url = req.originalUrl ?? req.url ?? "/"
    const path = url.split("?", 1)[0]!
    return path === this.authRoutes || path.startsWith(`${this.authRoutes}/`)
  }
}

function exposeSession(res: ResponseWithLocals, state: SessionState): void {
  const session: Session | null = state.session
  res.locals ??= {}
  res.locals.session = session
}
