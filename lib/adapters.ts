/**
 * `nestjs-authjs/adapters`: small wrappers that add the optional adapter methods `getAccountByUserId`
 * and `updateAccount` to Auth.js adapters, so database sessions can refresh the IdP's tokens and sign
 * out at the IdP (`tokens.refresh`, `revokeOnSignOut`, `endSessionOnSignOut`). No runtime dependency:
 * each wrapper uses the pool or storage you already pass to the adapter.
 *
 * @example
 * ```ts
 * import PostgresAdapter from "@auth/pg-adapter"
 * import { withAccountMethods } from "nestjs-authjs/adapters"
 * AuthModule.forRoot({ adapter: withAccountMethods(PostgresAdapter(pool), pool), tokens: { refresh: true } })
 * ```
 */
export { withAccountMethods, withDrizzleAccountMethods } from "./adapters/account-methods.js"
export type { SqlQueryable, WithAccountMethods } from "./adapters/account-methods.js"
export { withUnstorageAccountMethods } from "./adapters/unstorage-account-methods.js"
export type { StorageLike, UnstorageKeyOptions } from "./adapters/unstorage-account-methods.js"
export { MemoryAdapter } from "./adapters/memory-adapter.js"
