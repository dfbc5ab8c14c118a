import type { Adapter, AdapterAccount } from "../core/vocabulary/adapter.js"

/** What the wrappers add: the optional methods database sessions need for refresh and IdP sign-out. */
export type WithAccountMethods<A extends Adapter> = A & Required<Pick<Adapter, "getAccountByUserId" | "updateAccount">>

/** A node-postgres `Pool` or `Client` (anything with `query(text, values)`). */
export interface SqlQueryable {
  query(text: string, values?: unknown[]): PromiseLike<{ rows: Record<string, unknown>[] }>
}

/** The token columns a refresh replaces (Auth.js's account columns). */
const TOKEN_COLUMNS = ["access_token", "refresh_token", "expires_at", "id_token", "scope", "token_type", "session_state"] as const

/**
 * Adds `getAccountByUserId` and `updateAccount` to `@auth/pg-adapter` (table `accounts`), with SQL on
 * the same pool. For `@auth/drizzle-adapter` on node-postgres use `withDrizzleAccountMethods`
 * (table `account`), or pass `{ table }` for your own table name.
 *
 * @example
 * ```ts
 * adapter: withAccountMethods(PostgresAdapter(pool), pool)
 * ```
 */
export function withAccountMethods<A extends Adapter>(
  adapter: A,
  pool: SqlQueryable,
  options: { table?: string } = {},
): WithAccountMethods<A> {
  const table = quoteIdentifier(options.table ?? "accounts")
  return {
    ...adapter,
    async getAccountByUserId(userId: string, provider: string) {
      // ::text: pg-adapter ids are integers, Drizzle's are text; the session gives a string either way.
      const { rows } = await pool.query(`SELECT * FROM ${table} WHERE "userId"::text = $1 AND provider = $2 LIMIT 1`, [
        userId,
        provider,
      ])
      return rows[0] ? fromRow(rows[0]) : null
    },
    async updateAccount(account: AdapterAccount) {
      const set = TOKEN_COLUMNS.map((column, i) => `${quoteIdentifier(column)} = $${i + 3}`).join(", ")
      const values = TOKEN_COLUMNS.map((column) => account[column] ?? null)
      const { rows } = await pool.query(
        `UPDATE ${table} SET ${set} WHERE provider = $1 AND "providerAccountId" = $2 RETURNING *`,
        [account.provider, account.providerAccountId, ...values],
      )
      return rows[0] ? fromRow(rows[0]) : null
    },
  }
}

/** `withAccountMethods` for `@auth/drizzle-adapter` with Auth.js's schema on node-postgres (table `account`). */
export function withDrizzleAccountMethods<A extends Adapter>(
  adapter: A,
  pool: SqlQueryable,
  options: { table?: string } = {},
): WithAccountMethods<A> {
  return withAccountMethods(adapter, pool, { table: options.table ?? "account" })
}

/** A row as the adapter itself returns it, `expires_at` as a number (a BIGINT arrives as text). */
function fromRow(row: Record<string, unknown>): AdapterAccount {
  const account = { ...row } as AdapterAccount
  account.expires_at = row.expires_at === null || row.expires_at === undefined ? undefined : Number(row.expires_at)
  return account
}

function quoteIdentifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/.test(name)) throw new TypeError(`Not a table name: ${name}`)
  return name
    .split(".")
    .map((part) => `"${part}"`)
    .join(".")
}
