import type { AdapterAccount, AdapterAccountType, AdapterSession } from "../core/vocabulary/adapter.js"
import type { SessionManagementMethods } from "../core/vocabulary/session-management.js"

/** A `pg` `Pool` or `Client` (or anything with its `query`). No `pg` import here. */
export interface SqlQueryable {
  query(text: string, params: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>
}

export interface PostgresSessionMethodsOptions {
  /** The sessions table. Default `"sessions"` (`@auth/pg-adapter`); `"session"` for `@auth/drizzle-adapter`'s default schema. */
  sessionsTable?: string
  /** The accounts table. Default `"accounts"` (`@auth/pg-adapter`); `"account"` for `@auth/drizzle-adapter`'s default schema. */
  accountsTable?: string
}

const quoted = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`

/**
 * The optional session-management adapter methods over PostgreSQL, for the tables of
 * `@auth/pg-adapter` and `@auth/drizzle-adapter` (both use the `"userId"`, `"sessionToken"`,
 * `"providerAccountId"` columns). Spread them over the adapter, on the app's own pool:
 *
 * @example
 * ```ts
 * adapter: { ...PostgresAdapter(pool), ...PostgresSessionMethods(pool) }
 * adapter: { ...DrizzleAdapter(drizzle(pool)), ...PostgresSessionMethods(pool, { sessionsTable: "session", accountsTable: "account" }) }
 * ```
 */
export function PostgresSessionMethods(db: SqlQueryable, options: PostgresSessionMethodsOptions = {}): Required<SessionManagementMethods> {
  const sessions = quoted(options.sessionsTable ?? "sessions")
  const accounts = quoted(options.accountsTable ?? "accounts")
  return {
    async listSessionsByUserId(userId): Promise<AdapterSession[]> {
      const { rows } = await db.query(
        `SELECT "sessionToken", "userId", expires FROM ${sessions} WHERE "userId"::text = $1 AND expires > now()`,
        [String(userId)],
      )
      return rows.map((r) => ({ sessionToken: String(r.sessionToken), userId: String(r.userId), expires: new Date(r.expires as string) }))
    },
    async listAccountsByUserId(userId): Promise<AdapterAccount[]> {
      const { rows } = await db.query(
        `SELECT "userId", type, provider, "providerAccountId" FROM ${accounts} WHERE "userId"::text = $1`,
        [String(userId)],
      )
      return rows.map((r) => ({
        userId: String(r.userId),
        type: r.type as AdapterAccountType,
        provider: String(r.provider),
        providerAccountId: String(r.providerAccountId),
      }))
    },
  }
}
