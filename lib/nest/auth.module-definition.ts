import { ConfigurableModuleBuilder } from "@nestjs/common"
import type { AuthConfig } from "../core/config/types.js"
import { AUTH_BASE_PATH } from "./auth.constants.js"
import { createAuthController } from "./auth.controller.js"

/** Options known when the module is declared, before any factory runs. */
export interface AuthModuleExtras {
  /**
   * Where the auth routes are mounted (default `/auth`). Under `forRootAsync` put it beside
   * `useFactory`, not in the factory's result: routes are registered before factories run.
   */
  basePath?: string
}

export const DEFAULT_BASE_PATH = "/auth"

export const {
  ConfigurableModuleClass: ConfigurableAuthModule,
  MODULE_OPTIONS_TOKEN: AUTH_MODULE_OPTIONS,
  OPTIONS_TYPE: AUTH_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: AUTH_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<AuthConfig>({ moduleName: "Auth" })
  .setClassMethodName("forRoot")
  .setExtras<AuthModuleExtras>({ basePath: DEFAULT_BASE_PATH }, (definition, extras) => {
    const basePath = normaliseBasePath(extras.basePath ?? DEFAULT_BASE_PATH)
    return {
      ...definition,
      global: true,
      controllers: [...(definition.controllers ?? []), createAuthController(basePath)],
      providers: [...(definition.providers ?? []), { provide: AUTH_BASE_PATH, useValue: basePath }],
    }
  })
  .build()

/** `/api/auth/` → `/api/auth`. Throws a TypeError for anything that is not a plain absolute path. */
export function normaliseBasePath(basePath: unknown): string {
  const path = typeof basePath === "string" ? basePath.replace(/\/+$/, "") : ""
  if (!path.startsWith("/") || /[\s:*?(){}+!#%\\]|\/\//.test(path)) {
    throw new TypeError(
      `AuthModule: basePath must be a path such as "/auth" or "/api/auth" (not "/"), got ${JSON.stringify(basePath)}`,
    )
  }
  return path
}
