import { Global, Inject, Module, Optional, type DynamicModule } from "@nestjs/common"
import type { NestModule, Type } from "@nestjs/common"
import { HttpAdapterHost } from "@nestjs/core"
import type { ResolvedConfig } from "../core/config/types.js"
import { mountableBasePath } from "../core/config/base-path.js"
import { resolveConfig } from "../core/config/resolve.js"
import { loadWebAuthnPeers } from "../core/config/webauthn-provider.js"
import { AUTH_BASE_PATH, AUTH_CONTROLLER, AUTH_GUARD_OPTIONS, RESOLVED_CONFIG } from "./auth.constants.js"
import { mountUnmatchedRoutes } from "./auth.controller.js"
import { AuthGuard } from "./auth.guard.js"
import { createNestAuthLogger } from "./auth.logger.js"
import { AUTH_MODULE_OPTIONS, ConfigurableAuthModule, type AUTH_ASYNC_OPTIONS_TYPE } from "./auth.module-definition.js"
import type { AuthModuleOptions } from "./auth.module-definition.js"
import { AuthService } from "./auth.service.js"
import { assertNoDeclarationOptions, type AuthModuleAsyncOptions } from "./async-options.js"
import { HttpBridgeHost } from "./http-bridge.host.js"
import { resolveGuardOptions } from "./guard-options.js"
import { OpenApiSecurity } from "./openapi-security.js"
import { RouteAccess } from "./route-access.js"
import { SessionReader } from "./session.reader.js"
import { WsHandshakeRecorder } from "./ws-handshake.recorder.js"

/**
 * Auth.js for Nest: mounts the Auth.js routes under `basePath` and provides `AuthService` and
 * `AuthGuard` to the whole app (the module is global). The configuration is checked once, at start-up:
 * a bad one makes bootstrap fail with a message that says what to fix.
 *
 * @example
 * ```ts
 * AuthModule.forRoot({ providers: [GitHub] })
 *
 * // Every route needs a session unless marked @Public(); API clients may send bearer tokens.
 * AuthModule.forRoot({ providers: [GitHub], globalGuard: true, bearer: true })
 *
 * AuthModule.forRootAsync({
 *   basePath: "/api/auth", // beside useFactory, never inside its result
 *   imports: [ConfigModule],
 *   inject: [ConfigService],
 *   useFactory: (config: ConfigService) => ({ secret: config.get("AUTH_SECRET"), providers: [GitHub] }),
 * })
 * ```
 */
@Global()
@Module({
  providers: [
    AuthService,
    HttpBridgeHost,
    SessionReader,
    AuthGuard,
    RouteAccess,
    WsHandshakeRecorder,
    OpenApiSecurity,
    { provide: RESOLVED_CONFIG, useFactory: resolveModuleConfig, inject: [AUTH_MODULE_OPTIONS, AUTH_BASE_PATH] },
    { provide: AUTH_GUARD_OPTIONS, useFactory: resolveGuardOptions, inject: [AUTH_MODULE_OPTIONS] },
  ],
  // What the guard injects too: `@UseGuards(AuthGuard)` builds a guard in the user's module.
  exports: [AuthService, AuthGuard, RESOLVED_CONFIG, SessionReader, RouteAccess, AUTH_GUARD_OPTIONS],
})
export class AuthModule extends ConfigurableAuthModule implements NestModule {
  constructor(
    @Inject(HttpBridgeHost) private readonly bridges: HttpBridgeHost,
    @Inject(AUTH_CONTROLLER) private readonly controller: Type<unknown>,
    @Optional() @Inject(HttpAdapterHost) private readonly adapterHost?: HttpAdapterHost,
  ) {
    super()
  }

  /** `forRoot` with options from providers; `globalGuard`, `openApi` and `basePath` go beside `useFactory`. */
  static override forRootAsync(options: AuthModuleAsyncOptions): DynamicModule {
    return super.forRootAsync(options as typeof AUTH_ASYNC_OPTIONS_TYPE)
  }

  /**
   * The platform is known here: Nest calls `configure` in `app.init()` once the HTTP adapter is set
   * and before it registers routes, so the catch-all route can still take the platform's syntax.
   */
  configure(): void {
    const bridge = this.bridges.choose(this.adapterHost?.httpAdapter)
    mountUnmatchedRoutes(this.controller, bridge.unmatchedRoutes)
  }
}

/** @throws TypeError or AuthError when the configuration is unusable, which fails bootstrap. */
async function resolveModuleConfig(options: AuthModuleOptions, basePath: string): Promise<ResolvedConfig> {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`AuthModule: the options factory must return an AuthConfig object, got ${String(options)}`)
  }
  assertNoDeclarationOptions(options)
  // forRoot strips basePath out of the options; only a forRootAsync factory's result can carry one.
  if (options.basePath !== undefined && mountableBasePath(options.basePath) !== basePath) {
    throw new TypeError(
      `AuthModule: the options factory returned basePath ${JSON.stringify(options.basePath)}, but the routes ` +
        `are mounted at "${basePath}". Routes are registered before factories run: pass basePath beside ` +
        `useFactory, as in AuthModule.forRootAsync({ basePath: ${JSON.stringify(options.basePath)}, useFactory }).`,
    )
  }
  const logger = { ...createNestAuthLogger(options.debug), ...options.logger }
  const resolved = resolveConfig({ ...options, basePath, logger }, process.env)
  // A passkey provider's optional peer loads now: a missing package fails boot, not the first sign-in.
  await loadWebAuthnPeers(resolved.providers)
  return resolved
}
