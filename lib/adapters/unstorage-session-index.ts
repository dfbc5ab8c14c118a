import type { Adapter, AdapterAccount, AdapterSession } from "../core/vocabulary/adapter.js"
import type { SessionManagementMethods } from "../core/vocabulary/session-management.js"

/** The `unstorage` `Storage` methods the index uses. No `unstorage` import here. */
export interface IndexStorage {
  getItem(key: string): Promise<unknown>
  setItem(key: string, value: string): Promise<unknown>
  removeItem(key: string): Promise<unknown>
  getKeys(base?: string): Promise<string[]>
}

export interface UnstorageSessionIndexOptions {
  /** Key prefix of the index entries. Default `"nestjs-authjs:by-user:"`. */
  prefix?: string
}

const part = (value: unknown) => encodeURIComponent(String(value))

/**
 * Wraps an `@auth/unstorage-adapter` (which keeps no list of a user's sessions or accounts) with the
 * optional session-management methods: an index by user in the same storage (Redis), one key per
 * session and per account so that instances never overwrite each other's entries. Sessions and
 * accounts stored before the wrapper was in place are not indexed. Stale entries (a deleted or
 * expired session, an unlinked account) are dropped when listed.
 *
 * @example
 * ```ts
 * const storage = createStorage({ driver: redisDriver({ url }) })
 * adapter: UnstorageSessionIndex(UnstorageAdapter(storage), storage)
 * ```
 */
export function UnstorageSessionIndex<A extends Adapter>(
  adapter: A,
  storage: IndexStorage,
  options: UnstorageSessionIndexOptions = {},
): A & Required<SessionManagementMethods> {
  const prefix = options.prefix ?? "nestjs-authjs:by-user:"
  const sessionsOf = (userId: unknown) => `${prefix}sessions:${part(userId)}:`
  const accountsOf = (userId: unknown) => `${prefix}accounts:${part(userId)}:`
  const accountKey = (a: Pick<AdapterAccount, "userId" | "provider" | "providerAccountId">) =>
    `${accountsOf(a.userId)}${part(a.provider)}:${part(a.providerAccountId)}`
  const entries = async (base: string) => (await storage.getKeys(base)).filter((key) => key.startsWith(base))

  return {
    ...adapter,
    async createSession(session) {
      const created = await adapter.createSession!(session)
      await storage.setItem(`${sessionsOf(session.userId)}${part(session.sessionToken)}`, session.sessionToken)
      return created
    },
    async linkAccount(account) {
      const linked = await adapter.linkAccount!(account)
      await storage.setItem(accountKey(account), JSON.stringify([account.provider, account.providerAccountId]))
      return linked
    },
    async deleteUser(userId) {
      // The adapter deletes only the user's latest session: every indexed one goes first.
      for (const session of await this.listSessionsByUserId(userId)) await adapter.deleteSession!(session.sessionToken)
      const keys = [...(await entries(sessionsOf(userId))), ...(await entries(accountsOf(userId)))]
      let deleted: Awaited<ReturnType<NonNullable<Adapter["deleteUser"]>>>
      try {
        deleted = await adapter.deleteUser!(userId)
      } catch (error) {
        // @auth/unstorage-adapter rejects for a user who never linked an account (it removes a null
        // key) after removing the user all the same: only a user still there is a failure.
        if (await adapter.getUser!(userId)) throw error
      }
      await Promise.all(keys.map((key) => storage.removeItem(key)))
      return deleted
    },
    async listSessionsByUserId(userId): Promise<AdapterSession[]> {
      const out: AdapterSession[] = []
      for (const key of await entries(sessionsOf(userId))) {
        const token = decodeURIComponent(key.slice(sessionsOf(userId).length))
        const found = await adapter.getSessionAndUser!(token)
        const live = found?.session && String(found.session.userId) === String(userId) && new Date(found.session.expires).valueOf() > Date.now()
        if (live) out.push({ ...found.session, userId: String(found.session.userId) })
        else await storage.removeItem(key)
      }
      return out
    },
    async listAccountsByUserId(userId): Promise<AdapterAccount[]> {
      const out: AdapterAccount[] = []
      for (const key of await entries(accountsOf(userId))) {
        const [provider, providerAccountId] = key.slice(accountsOf(userId).length).split(":").map(decodeURIComponent)
        const account = provider && providerAccountId ? await adapter.getAccount!(providerAccountId, provider) : null
        if (account && String(account.userId) === String(userId)) out.push(account)
        else await storage.removeItem(key)
      }
      return out
    },
  }
}
