/**
 * Optional adapter methods for managing sessions and accounts from server code, beyond the Auth.js
 * adapter interface (which cannot list a user's sessions or accounts). Any Auth.js adapter works
 * without them; the management calls that need one refuse with a clear error when it is missing.
 */
import type { AdapterAccount, AdapterSession } from "./adapter.js"
import type { Awaitable } from "./models.js"

export interface SessionManagementMethods {
  /** Every stored session of the user (expired ones may be included; they are filtered out). */
  listSessionsByUserId?(userId: string): Awaitable<AdapterSession[]>
  /** Every account linked to the user. */
  listAccountsByUserId?(userId: string): Awaitable<AdapterAccount[]>
}

/**
 * Where "sign out everywhere" is remembered for JWT sessions (`session.revocation`): per user, the
 * time (seconds since the epoch) before which every session JWT is refused. Shared by every instance
 * of the app (Redis, the database); `MemoryRevocationStore` is for one process.
 */
export interface SessionRevocationStore {
  /** Seconds since the epoch: session JWTs issued (`iat`) before it are refused. Null: none revoked. */
  revokedBefore(userId: string): Awaitable<number | null | undefined>
  /** Refuses every session JWT of the user issued until now. */
  revokeAll(userId: string, before: number): Awaitable<void>
}
