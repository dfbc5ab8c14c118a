import type { AUTH_ASYNC_OPTIONS_TYPE, AuthModuleExtras, AuthModuleOptions } from "./auth.module-definition.js"

/**
 * What a `forRootAsync` factory may return. `globalGuard` and `openApi` act when the module is declared,
 * before any factory runs, so inside the result they would be dropped and every route left open:
 * they are type errors there (and fail boot, see `assertNoDeclarationOptions`).
 */
export type AuthModuleFactoryResult = AuthModuleOptions & { globalGuard?: never; openApi?: never }

/** `forRootAsync`'s options: the extras beside `useFactory`, the Auth.js config from it. */
export type AuthModuleAsyncOptions = Omit<typeof AUTH_ASYNC_OPTIONS_TYPE, "useFactory"> & {
  useFactory?: (...args: any[]) => AuthModuleFactoryResult | Promise<AuthModuleFactoryResult>
}

const declarationOnly: ReadonlyArray<keyof AuthModuleExtras> = ["globalGuard", "openApi"]

/**
 * `forRoot` strips these from the options, so finding one means a factory (or `useClass`) returned it.
 * @throws TypeError naming each one and where it goes.
 */
export function assertNoDeclarationOptions(options: object): void {
  const misplaced = declarationOnly.filter((name) => (options as Record<string, unknown>)[name] !== undefined)
  if (misplaced.length === 0) return
  const example = misplaced.map((name) => `${name}: ${JSON.stringify((options as Record<string, unknown>)[name])}`).join(", ")
  throw new TypeError(
    `AuthModule: the options factory returned ${misplaced.join(", ")}, which would be ignored: they act when ` +
      `the module is declared, before factories run. Pass them beside useFactory, as in ` +
      `AuthModule.forRootAsync({ ${example}, useFactory }).`,
  )
}
