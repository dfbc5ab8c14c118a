import { DrizzleAdapter } from "@auth/drizzle-adapter"
import PostgresAdapter from "@auth/pg-adapter"
import { UnstorageAdapter } from "@auth/unstorage-adapter"
import { drizzle } from "drizzle-orm/node-postgres"
import pg from "pg"
import { createStorage } from "unstorage"
import redisDriver from "unstorage/drivers/redis"
import { MemoryAdapter, type Adapter } from "../../lib/index.js"
import { createDrizzleSchema, accounts, sessions, users, verificationTokens } from "./drizzle-schema.js"
import { createPgAdapterSchema } from "./pg-adapter-schema.js"
import { postgresAvailability, startPostgres, type RunningPostgres } from "./postgres.js"
import type { ServerAvailability } from "./real-server.js"
import { redisAvailability, startRedis, type RunningRedis } from "./redis.js"

/** An Auth.js adapter over a real (or in-memory) store, fresh for each `create()`. */
export interface AdapterBackend {
  name: string
  /** The servers `create()` starts (once per test file); empty for the memory adapter. */
  servers: ServerAvailability[]
  create(): Promise<{ adapter: Adapter; close(): Promise<void> }>
}

// One server of each kind per test file (each file is its own module instance), started on demand.
let postgres: Promise<RunningPostgres> | undefined
let redis: Promise<RunningRedis> | undefined
let databases = 0

/** Stops the servers this file started; call it in a file-level `afterAll`. */
export async function stopBackendServers(): Promise<void> {
  const started = [postgres, redis]
  postgres = redis = undefined
  await Promise.all(started.map(async (server) => (await server?.catch(() => undefined))?.stop()))
}

/** The file's PostgreSQL server (started on first use). */
export function sharedPostgres(): Promise<RunningPostgres> {
  return (postgres ??= startPostgres())
}

/** A fresh database with the `@auth/pg-adapter` tables, and a pool on it. */
export async function pgAdapterDatabase(): Promise<{ url: string; pool: pg.Pool }> {
  const url = await (await sharedPostgres()).createDatabase(`pg_adapter_${++databases}`)
  await createPgAdapterSchema(url)
  return { url, pool: newPool(url) }
}

/** A pool as an app should make one: bounded connection waits, and idle-client errors handled. */
export function newPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 5, connectionTimeoutMillis: 3_000 })
  // A restarted server terminates idle clients; without a listener pg rethrows that and kills the process.
  pool.on("error", () => {})
  return pool
}

export const memoryBackend: AdapterBackend = {
  name: "MemoryAdapter",
  servers: [],
  create: async () => ({ adapter: MemoryAdapter(), close: async () => {} }),
}

export const pgBackend: AdapterBackend = {
  name: "@auth/pg-adapter on PostgreSQL",
  servers: [postgresAvailability],
  async create() {
    const { pool } = await pgAdapterDatabase()
    return { adapter: PostgresAdapter(pool), close: () => pool.end() }
  },
}

export const drizzleBackend: AdapterBackend = {
  name: "@auth/drizzle-adapter (node-postgres) on PostgreSQL",
  servers: [postgresAvailability],
  async create() {
    const url = await (await sharedPostgres()).createDatabase(`drizzle_${++databases}`)
    await createDrizzleSchema(url)
    const pool = newPool(url)
    const adapter = DrizzleAdapter(drizzle(pool), {
      usersTable: users,
      accountsTable: accounts,
      sessionsTable: sessions,
      verificationTokensTable: verificationTokens,
    })
    return { adapter, close: () => pool.end() }
  },
}

export const unstorageRedisBackend: AdapterBackend = {
  name: "@auth/unstorage-adapter with unstorage's Redis driver on redis-server",
  servers: [redisAvailability],
  async create() {
    const server = await (redis ??= startRedis())
    const storage = createStorage({
      driver: redisDriver({ url: server.url, base: `authjs-${++databases}`, maxRetriesPerRequest: 2 }),
    })
    return { adapter: UnstorageAdapter(storage), close: () => storage.dispose() }
  },
}

export const allBackends = [memoryBackend, pgBackend, drizzleBackend, unstorageRedisBackend]
