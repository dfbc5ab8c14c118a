import { All, Controller, Get, Inject, Post, Req, Res, VERSION_NEUTRAL } from "@nestjs/common"
import type { Type } from "@nestjs/common"
import { documentAuthRoutes } from "./auth.openapi.js"
import type { ResolvedConfig } from "../core/config/types.js"
import type { handleAuth } from "../core/handle.js"
import { RESOLVED_CONFIG } from "./auth.constants.js"
import { UNMATCHED_ROUTE } from "./express-bridge.js"
import type { HttpRequest } from "./http-bridge.js"
import { HttpBridgeHost } from "./http-bridge.host.js"
import { Public } from "./access.decorators.js"

/**
 * Builds the controller of the Auth.js routes for one `basePath` (routes are registered before any
 * options factory runs, so the path must be known when the module is declared).
 *
 * Requests and responses go through the platform's bridge (`HttpBridgeHost`), so `@Res()` is an
 * Express `Response` or a `FastifyReply`.
 *
 * Each handler passes the real method on: a `HEAD` that Express routes to a `GET` handler is answered
 * by the core as Auth.js would. Paths no handler names land on `unmatched`, so the core answers
 * them too (400 `"Bad request."`, or the Configuration redirect for a known action with the wrong method).
 *
 * The routes are version-neutral: under URI versioning they stay at `basePath` whatever the app's
 * default version, because the callback URLs registered at each IdP must not move with API versions
 * (put a version in `basePath` to have one). They carry `@nestjs/swagger` metadata unless
 * `openApiRoutes` is false.
 */
export function createAuthController(basePath: string, openApiRoutes = true): Type<unknown> {
  // Public: a global AuthGuard must never lock users out of signing in.
  @Public()
  @Controller({ path: basePath, version: VERSION_NEUTRAL })
  class AuthController {
    /**
     * The action engine (every auth route, the built-in pages) loads on the first auth request rather
     * than at boot: guarded routes never need it, and it is most of what the package adds to start-up.
     */
    private engine?: Promise<typeof handleAuth>

    constructor(
      @Inject(RESOLVED_CONFIG) private readonly config: ResolvedConfig,
      @Inject(HttpBridgeHost) private readonly bridges: HttpBridgeHost,
    ) {}

    /** Answers one request to the auth routes. Never throws for bad input. */
    private async handle(req: HttpRequest, res: HttpResponse, action?: string, providerId?: string): Promise<void> {
      const run = await (this.engine ??= import("../core/handle.js").then((m) => m.handleAuth))
      const { bridge } = this.bridges
      bridge.send(res, await run(bridge.toAuthRequest(req, action, providerId), this.config))
    }

    @Get("providers") providers(@Req() req: HttpRequest, @Res() res: HttpResponse) { return this.handle(req, res, "providers") }
    @Get("csrf") csrf(@Req() req: HttpRequest, @Res() res: HttpResponse) { return this.handle(req, res, "csrf") }
    @Get("session") session(@Req() req: HttpRequest, @Res() res: HttpResponse) { return this.handle(req, res, "session") }
    @Post("session") updateSession(@Req() req: HttpRequest, @Res() res: HttpResponse) { return this.handle(req, res, "session") }
    @Get("signin") signInPage(@Req() req: HttpRequest, @Res() res: HttpResponse) { return this.handle(req, res, "signin") }
    @Post("signin") signIn(@Req() req: HttpRequest, @Res() res: HttpResponse) { return this.handle(req, res, "signin") }
    @Post("signin/:provider") signInWith(@Req() req: HttpRequest, @Res() res: HttpResponse) { return this.handle(req, res, "signin", providerParam(req)) }
    @Get("callback/:provider") callback(@Req() req: HttpRequest, @Res() res: HttpResponse) { return this.handle(req, res, "callback", providerParam(req)) }
    @Post("callback/:provider") callbackPost(@Req() req: HttpRequest, @Res() res: HttpResponse) { return this.handle(req, res, "callback", providerParam(req)) }
    @Get("signout") signOutPage(@Req() req: HttpRequest, @Res() res: HttpResponse) { return this.handle(req, res, "signout") }
    @Post("signout") signOut(@Req() req: HttpRequest, @Res() res: HttpResponse) { return this.handle(req, res, "signout") }
    @Get("error") error(@Req() req: HttpRequest, @Res() res: HttpResponse) { return this.handle(req, res, "error") }
    @Get("verify-request") verifyRequest(@Req() req: HttpRequest, @Res() res: HttpResponse) { return this.handle(req, res, "verify-request") }

    /** Its paths are the platform's: `AuthModule` sets them at init (see `mountUnmatchedRoutes`). */
    @All(UNMATCHED_ROUTE)
    unmatched(@Req() req: HttpRequest, @Res() res: HttpResponse): Promise<void> {
      return this.handle(req, res)
    }
  }
  documentAuthRoutes(AuthController, "unmatched", openApiRoutes)
  return AuthController
}

/** An Express `Response` or a `FastifyReply` (not express-bridge's type): only the bridge writes to it. */
type HttpResponse = object

/**
 * Points the catch-all handler at the platform's route paths (the bridge's `unmatchedRoutes`), by
 * applying `@All()` again; Nest reads the paths when it registers routes, after this.
 */
export function mountUnmatchedRoutes(controller: Type<unknown>, paths: readonly string[]): void {
  const prototype = controller.prototype as object
  const descriptor = Object.getOwnPropertyDescriptor(prototype, "unmatched")
  if (descriptor) All([...paths])(prototype, "unmatched", descriptor)
}

function providerParam(req: HttpRequest): string | undefined {
  const provider = (req.params as { provider?: unknown } | undefined)?.provider
  return typeof provider === "string" ? provider : undefined
}
