import { DrizzleAdapter } from "@auth/drizzle-adapter"
import PostgresAdapter from "@auth/pg-adapter"
import { UnstorageAdapter } from "@auth/unstorage-adapter"
import { drizzle } from "drizzle-orm/node-postgres"
import { createStorage } from "unstorage"
import redisDriver from "unstorage/drivers/redis"
import { MemoryAdapter, PostgresSessionMethods, UnstorageSessionIndex, type Adapter, type SessionManagementMethods } from "../../lib/index.js"
import { newPool, pgAdapterDatabase, sharedPostgres } from "./adapter-backends.js"
import { accounts, createDrizzleSchema, sessions, users, verificationTokens } from "./drizzle-schema.js"
import { postgresAvailability } from "./postgres.js"
import type { ServerAvailability } from "./real-server.js"
import { redisAvailability, startRedis, type RunningRedis } from "./redis.js"

/** An adapter with the optional session-management methods, over a real (or in-memory) store. */
export interface ManagedBackend {
  name: string
  servers: ServerAvailability[]
  /** `url`: where another process can reach the same store (a PostgreSQL URL or a Redis URL). */
  create(): Promise<{ adapter: Adapter & Required<SessionManagementMethods>; url?: string; close(): Promise<void> }>
}

let redis: Promise<RunningRedis> | undefined
let databases = 0

/** Stops this file's Redis (PostgreSQL: `stopBackendServers` from adapter-backends). */
export async function stopManagedRedis(): Promise<void> {
  const started = redis
  redis = undefined
  await (await started?.catch(() => undefined))?.stop()
}

export const managedMemory: ManagedBackend = {
  name: "MemoryAdapter",
  servers: [],
  create: async () => ({ adapter: MemoryAdapter(), close: async () => {} }),
}

export const managedPg: ManagedBackend = {
  name: "@auth/pg-adapter + PostgresSessionMethods on PostgreSQL",
  servers: [postgresAvailability],
  async create() {
    const { url, pool } = await pgAdapterDatabase()
    return { adapter: pgManagedAdapter(pool), url, close: () => pool.end() }
  },
}

export function pgManagedAdapter(pool: ReturnType<typeof newPool>) {
  return { ...PostgresAdapter(pool), ...PostgresSessionMethods(pool) }
}

export const managedDrizzle: ManagedBackend = {
  name: "@auth/drizzle-adapter + PostgresSessionMethods on PostgreSQL",
  servers: [postgresAvailability],
  async create() {
    const url = await (await sharedPostgres()).createDatabase(`managed_drizzle_${++databases}`)
    await createDrizzleSchema(url)
    const pool = newPool(url)
    return { adapter: drizzleManagedAdapter(pool), url, close: () => pool.end() }
  },
}

export function drizzleManagedAdapter(pool: ReturnType<typeof newPool>) {
  const tables = { usersTable: users, accountsTable: accounts, sessionsTable: sessions, verificationTokensTable: verificationTokens }
  return { ...DrizzleAdapter(drizzle(pool), tables), ...PostgresSessionMethods(pool, { sessionsTable: "session", accountsTable: "account" }) }
}

export const managedUnstorage: ManagedBackend = {
  name: "@auth/unstorage-adapter + UnstorageSessionIndex on redis-server",
  servers: [redisAvailability],
  async create() {
    const server = await (redis ??= startRedis())
    const base = `managed-${++databases}`
    const { adapter, close } = unstorageManagedAdapter(server.url, base)
    return { adapter, url: `${server.url}#${base}`, close }
  },
}

export function unstorageManagedAdapter(url: string, base: string) {
  const storage = createStorage({ driver: redisDriver({ url, base, maxRetriesPerRequest: 2 }) })
  return { adapter: UnstorageSessionIndex(UnstorageAdapter(storage), storage), close: () => storage.dispose() }
}

export const managedBackends = [managedMemory, managedPg, managedDrizzle, managedUnstorage]
