// The optional adapter methods database sessions need for refresh and IdP sign-out
// (getAccountByUserId, updateAccount): MemoryAdapter's own, and the nestjs-authjs/adapters wrappers
// around @auth/pg-adapter, @auth/drizzle-adapter and @auth/unstorage-adapter on real servers.
import { DrizzleAdapter } from "@auth/drizzle-adapter"
import PostgresAdapter from "@auth/pg-adapter"
import { UnstorageAdapter } from "@auth/unstorage-adapter"
import { drizzle } from "drizzle-orm/node-postgres"
import { createStorage } from "unstorage"
import redisDriver from "unstorage/drivers/redis"
import { afterAll, expect, it } from "vitest"
import { withAccountMethods, withDrizzleAccountMethods, withUnstorageAccountMethods } from "../../lib/adapters.js"
import { MemoryAdapter, type Adapter } from "../../lib/index.js"
import type { AdapterAccount } from "../../lib/core/vocabulary/adapter.js"
import { newPool, pgAdapterDatabase, sharedPostgres, stopBackendServers } from "../utils/adapter-backends.js"
import { accounts, createDrizzleSchema, sessions, users, verificationTokens } from "../utils/drizzle-schema.js"
import { postgresAvailability } from "../utils/postgres.js"
import { describeWithServers, type ServerAvailability } from "../utils/real-server.js"
import { redisAvailability, startRedis, type RunningRedis } from "../utils/redis.js"

type Full = Adapter & Required<Pick<Adapter, "getAccountByUserId" | "updateAccount" | "createUser" | "linkAccount">>
const closers: Array<() => Promise<unknown>> = []
let redis: RunningRedis | undefined
afterAll(async () => {
  await Promise.all(closers.map((close) => close()))
  await redis?.stop()
  await stopBackendServers()
})

const backends: Array<{ name: string; servers: ServerAvailability[]; create(): Promise<Full> }> = [
  { name: "MemoryAdapter", servers: [], create: async () => MemoryAdapter() as Full },
  {
    name: "withAccountMethods(@auth/pg-adapter)",
    servers: [postgresAvailability],
    async create() {
      const { pool } = await pgAdapterDatabase()
      closers.push(() => pool.end())
      return withAccountMethods(PostgresAdapter(pool), pool) as Full
    },
  },
  {
    name: "withDrizzleAccountMethods(@auth/drizzle-adapter)",
    servers: [postgresAvailability],
    async create() {
      const url = await (await sharedPostgres()).createDatabase("drizzle_account_methods")
      await createDrizzleSchema(url)
      const pool = newPool(url)
      closers.push(() => pool.end())
      const tables = { usersTable: users, accountsTable: accounts, sessionsTable: sessions, verificationTokensTable: verificationTokens }
      return withDrizzleAccountMethods(DrizzleAdapter(drizzle(pool), tables), pool) as Full
    },
  },
  {
    name: "withUnstorageAccountMethods(@auth/unstorage-adapter)",
    servers: [redisAvailability],
    async create() {
      redis ??= await startRedis()
      const storage = createStorage({ driver: redisDriver({ url: redis.url, base: "account-methods" }) })
      closers.push(() => storage.dispose())
      return withUnstorageAccountMethods(UnstorageAdapter(storage), storage) as Full
    },
  },
]

for (const backend of backends) {
  describeWithServers(backend.name, backend.servers, () => {
    it("finds a user's account by provider and replaces its tokens", async () => {
      const adapter = await backend.create()
      const user = await adapter.createUser({ id: crypto.randomUUID(), email: "ada@example.com", emailVerified: null, name: "Ada" })
      const account = (extra: Partial<AdapterAccount>): AdapterAccount => ({
        userId: user.id,
        type: "oidc",
        provider: "corp",
        providerAccountId: "ada-sub",
        access_token: "at-1",
        refresh_token: "rt-1",
        expires_at: 1_700_000_000,
        token_type: "bearer",
        ...extra,
      })
      await adapter.linkAccount(account({}))
      await adapter.linkAccount(account({ provider: "other", providerAccountId: "ada-other", access_token: "x" }))

      const found = await adapter.getAccountByUserId(user.id, "corp")
      expect(found).toMatchObject({ userId: user.id, provider: "corp", providerAccountId: "ada-sub", refresh_token: "rt-1" })
      expect(found?.expires_at).toBe(1_700_000_000)
      expect(await adapter.getAccountByUserId(user.id, "nowhere")).toBeNull()
      expect(await adapter.getAccountByUserId("no-such-user", "corp")).toBeNull()

      await adapter.updateAccount({ ...found!, access_token: "at-2", refresh_token: "rt-2", expires_at: 1_800_000_000 })
      expect(await adapter.getAccountByUserId(user.id, "corp")).toMatchObject({
        access_token: "at-2",
        refresh_token: "rt-2",
        expires_at: 1_800_000_000,
        userId: user.id,
      })
      // @auth/pg-adapter has no getAccount.
      if (adapter.getAccount) expect(await adapter.getAccount("ada-sub", "corp")).toMatchObject({ access_token: "at-2", refresh_token: "rt-2" })
      expect(await adapter.getAccountByUserId(user.id, "other")).toMatchObject({ access_token: "x" })
    })
  })
}

it("refuses a table name that is not an identifier", () => {
  expect(() => withAccountMethods({}, { query: async () => ({ rows: [] }) }, { table: 'accounts"; DROP' })).toThrow(/table name/)
})
