// Compile-time checks (run by `npm run typecheck`, never executed): the `Adapter` type stays
// structurally compatible with Auth.js's, so every `@auth/*-adapter` object fits it unchanged.
import type { Adapter as AuthjsAdapter } from "@auth/core/adapters"
import { DrizzleAdapter } from "@auth/drizzle-adapter"
import PostgresAdapter from "@auth/pg-adapter"
import { UnstorageAdapter } from "@auth/unstorage-adapter"
import type { NodePgDatabase } from "drizzle-orm/node-postgres"
import type pg from "pg"
import type { Storage } from "unstorage"
import { MemoryAdapter, type Adapter, type AuthConfig } from "../../lib/index.js"
import * as drizzleSchema from "../utils/drizzle-schema.js"

declare const authjsAdapter: AuthjsAdapter
declare const pool: pg.Pool
declare const db: NodePgDatabase
declare const storage: Storage

/** Auth.js's own interface, and real adapters built on it, are assignable to ours. */
export const fromAuthjsType: Adapter = authjsAdapter
export const fromPostgres: Adapter = PostgresAdapter(pool)
export const fromUnstorage: Adapter = UnstorageAdapter(storage)
export const fromDrizzle: Adapter = DrizzleAdapter(db, {
  usersTable: drizzleSchema.users,
  accountsTable: drizzleSchema.accounts,
  sessionsTable: drizzleSchema.sessions,
  verificationTokensTable: drizzleSchema.verificationTokens,
})
export const inConfig: AuthConfig = { providers: [], adapter: PostgresAdapter(pool) }

/** Our development adapter implements the whole interface. */
export const memory: Required<Adapter> = MemoryAdapter()

/** The check bites: a drifted shape does not fit. */
export const drifted: Adapter = {
  // @ts-expect-error a session without `expires` is not an AdapterSession
  createSession: async (session: { sessionToken: string; userId: string }) => ({ sessionToken: session.sessionToken, userId: session.userId }),
}
