import { ConfigurableModuleBuilder } from "@nestjs/common"
import type { Provider } from "@nestjs/common"
import { APP_GUARD } from "@nestjs/core"
import { mountableBasePath } from "../core/config/base-path.js"
import { DEFAULT_BASE_PATH } from "../core/config/defaults.js"
import type { AuthConfig } from "../core/config/types.js"
import { AUTH_BASE_PATH, AUTH_CONTROLLER, AUTH_OPENAPI } from "./auth.constants.js"
import { createAuthController } from "./auth.controller.js"
import { AuthGuard } from "./auth.guard.js"
import type { AuthGuardOptions } from "./guard-options.js"
import { resolveOpenApiOptions, type AuthOpenApiOptions } from "./openapi-security.js"

/** Everything `AuthModule.forRoot()` takes besides the extras: Auth.js's options and the guard's. */
export interface AuthModuleOptions extends AuthConfig, AuthGuardOptions {}

/** Options known when the module is declared, before any factory runs. */
export interface AuthModuleExtras {
  /**
   * Where the auth routes are mounted (default `/auth`). Under `forRootAsync` put it beside
   * `useFactory`, not in the factory's result: routes are registered before factories run.
   */
  basePath?: string
  /**
   * Guard every route of the app (HTTP controllers and GraphQL resolvers) with `AuthGuard`, registered
   * as `APP_GUARD`; `@Public()` opts a handler or class out, and the auth routes are always public.
   * Like every Nest global enhancer it does not reach WebSocket gateways: give those `@UseGuards(AuthGuard)`.
   * It is provided with `useExisting: AuthGuard`, so `overrideProvider(AuthGuard)` in a testing
   * module replaces it (`overrideGuard(AuthGuard)` replaces `@UseGuards(AuthGuard)` uses). Default `false`.
   * Under `forRootAsync`, put it beside `useFactory`.
   */
  globalGuard?: boolean
  /**
   * What the app's `@nestjs/swagger` document gets (nothing happens without it): the auth routes,
   * and a security requirement on every route `AuthGuard` protects. `false` leaves both out. Default
   * `true`. Under `forRootAsync`, put it beside `useFactory`.
   */
  openApi?: boolean | AuthOpenApiOptions
}

export const {
  ConfigurableModuleClass: ConfigurableAuthModule,
  MODULE_OPTIONS_TOKEN: AUTH_MODULE_OPTIONS,
  OPTIONS_TYPE: AUTH_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: AUTH_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<AuthModuleOptions>({ moduleName: "Auth" })
  .setClassMethodName("forRoot")
  .setExtras<AuthModuleExtras>({ basePath: DEFAULT_BASE_PATH, globalGuard: false, openApi: true }, (definition, extras) => {
    const basePath = mountableBasePath(extras.basePath ?? DEFAULT_BASE_PATH)
    if (extras.globalGuard !== undefined && typeof extras.globalGuard !== "boolean") {
      throw new TypeError(`AuthModule: globalGuard must be true or false, got ${JSON.stringify(extras.globalGuard)}`)
    }
    const openApi = resolveOpenApiOptions(extras.openApi)
    const controller = createAuthController(basePath, openApi.routes)
    const providers: Provider[] = [
      { provide: AUTH_BASE_PATH, useValue: basePath },
      { provide: AUTH_CONTROLLER, useValue: controller },
      { provide: AUTH_OPENAPI, useValue: openApi },
    ]
    if (extras.globalGuard) providers.push({ provide: APP_GUARD, useExisting: AuthGuard })
    return {
      ...definition,
      global: true,
      controllers: [...(definition.controllers ?? []), controller],
      providers: [...(definition.providers ?? []), ...providers],
    }
  })
  .build()
