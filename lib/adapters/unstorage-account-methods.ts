import type { Adapter, AdapterAccount } from "../core/vocabulary/adapter.js"
import type { WithAccountMethods } from "./account-methods.js"

/** The part of an unstorage `Storage` the wrapper uses. */
export interface StorageLike {
  getItem(key: string): PromiseLike<unknown>
  setItem(key: string, value: string): PromiseLike<void>
}

/** The key prefixes of `@auth/unstorage-adapter` (pass the same options you gave it). */
export interface UnstorageKeyOptions {
  baseKeyPrefix?: string
  accountKeyPrefix?: string
  accountByUserIdPrefix?: string
}

/**
 * Adds `getAccountByUserId` and `updateAccount` to `@auth/unstorage-adapter`. Its own index keeps one
 * account per user (the last linked), so the wrapper also records `<userId>:<provider>` on every
 * `linkAccount`; accounts linked before the wrapper are found through the adapter's index when they
 * were the user's last. `updateAccount` writes the account again with `linkAccount` (an upsert there).
 *
 * @example
 * ```ts
 * adapter: withUnstorageAccountMethods(UnstorageAdapter(storage), storage)
 * ```
 */
export function withUnstorageAccountMethods<A extends Adapter>(
  adapter: A,
  storage: StorageLike,
  options: UnstorageKeyOptions = {},
): WithAccountMethods<A> {
  const base = options.baseKeyPrefix ?? ""
  const accountPrefix = base + (options.accountKeyPrefix ?? "user:account:")
  const byUserPrefix = base + (options.accountByUserIdPrefix ?? "user:account:by-user-id:")
  const byProviderKey = (userId: string, provider: string) => `${byUserPrefix}${userId}:by-provider:${provider}`
  const link = adapter.linkAccount?.bind(adapter)
  if (!link) throw new TypeError("withUnstorageAccountMethods needs the adapter's linkAccount")
  const read = async (key: unknown): Promise<AdapterAccount | null> => {
    if (typeof key !== "string") return null
    const value = await storage.getItem(key)
    const account = (typeof value === "string" ? JSON.parse(value) : value) as AdapterAccount | null
    return account && typeof account === "object" ? account : null
  }
  return {
    ...adapter,
    async linkAccount(account: AdapterAccount) {
      const linked = await link(account)
      await storage.setItem(byProviderKey(account.userId, account.provider), `${accountPrefix}${account.provider}:${account.providerAccountId}`)
      return linked
    },
    async getAccountByUserId(userId: string, provider: string) {
      const own = await read(await storage.getItem(byProviderKey(userId, provider)))
      if (own) return own
      const last = await read(await storage.getItem(byUserPrefix + userId))
      return last?.provider === provider ? last : null
    },
    async updateAccount(account: AdapterAccount) {
      await link(account)
      return account
    },
  } as WithAccountMethods<A>
}
