import type { SessionRevocationStore } from "../core/vocabulary/session-management.js"
import type { SqlQueryable } from "./sql-session-methods.js"

export interface PostgresRevocationStoreOptions {
  /** The table (see `POSTGRES_REVOCATION_TABLE`). Default `"session_revocations"`. */
  table?: string
}

/** The table `PostgresRevocationStore` needs, under its default name: create it with your migrations. */
export const POSTGRES_REVOCATION_TABLE = `CREATE TABLE IF NOT EXISTS session_revocations (
  "userId" TEXT PRIMARY KEY,
  "revokedBefore" BIGINT NOT NULL
)`

/**
 * `session.revocation` in the PostgreSQL database the app already runs (e.g. its adapter's), for JWT
 * sessions with "sign out everywhere": one row per user who revoked, one indexed read per session check.
 *
 * @example
 * ```ts
 * session: { strategy: "jwt", revocation: PostgresRevocationStore(pool) }
 * ```
 */
export function PostgresRevocationStore(db: SqlQueryable, options: PostgresRevocationStoreOptions = {}): SessionRevocationStore {
  const table = `"${(options.table ?? "session_revocations").replace(/"/g, '""')}"`
  return {
    async revokedBefore(userId) {
      const { rows } = await db.query(`SELECT "revokedBefore" FROM ${table} WHERE "userId" = $1`, [userId])
      return rows[0] ? Number(rows[0].revokedBefore) : null
    },
    async revokeAll(userId, before) {
      // Only ever forward: a late, earlier revocation must not re-admit sessions.
      await db.query(
        `INSERT INTO ${table} ("userId", "revokedBefore") VALUES ($1, $2)
         ON CONFLICT ("userId") DO UPDATE SET "revokedBefore" = GREATEST(${table}."revokedBefore", EXCLUDED."revokedBefore")`,
        [userId, before],
      )
    },
  }
}
