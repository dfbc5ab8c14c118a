import type { SessionRevocationStore } from "../core/vocabulary/session-management.js"

/**
 * `session.revocation` in this process's memory: for one instance and for tests. Several instances
 * need a shared store (`RedisRevocationStore`, or your own over your database).
 */
export function MemoryRevocationStore(): SessionRevocationStore {
  const times = new Map<string, number>()
  return {
    revokedBefore: (userId) => times.get(userId) ?? null,
    revokeAll(userId, before) {
      times.set(userId, Math.max(before, times.get(userId) ?? 0))
    },
  }
}

/**
 * The few commands `RedisRevocationStore` sends; `ioredis` and `node-redis` (v4+) clients both have
 * them, so no Redis package is imported here.
 */
export interface RedisLikeClient {
  get(key: string): Promise<string | null>
  set(key: string, value: string): Promise<unknown>
  expire(key: string, seconds: number): Promise<unknown>
}

export interface RedisRevocationStoreOptions {
  /** Key prefix. Default `"nestjs-authjs:revoked-before:"`. */
  prefix?: string
  /**
   * Seconds a revocation is kept: it only has to outlive the sessions it refuses, so the default is
   * the longest a session JWT lives (pass your `jwt.maxAge` if longer than 30 days).
   */
  ttl?: number
}

const THIRTY_DAYS = 30 * 24 * 60 * 60

/**
 * `session.revocation` in Redis, shared by every instance: one key per user that revoked, holding
 * the time before which the user's session JWTs are refused. One `GET` per session check of a user
 * (keep Redis close); a failing Redis makes the check answer 503, never a sign-out.
 *
 * @example
 * ```ts
 * session: { strategy: "jwt", revocation: RedisRevocationStore(new Redis(process.env.REDIS_URL)) }
 * ```
 */
export function RedisRevocationStore(client: RedisLikeClient, options: RedisRevocationStoreOptions = {}): SessionRevocationStore {
  const prefix = options.prefix ?? "nestjs-authjs:revoked-before:"
  const ttl = options.ttl ?? THIRTY_DAYS
  return {
    async revokedBefore(userId) {
      const value = await client.get(prefix + userId)
      const before = value === null ? NaN : Number(value)
      return Number.isFinite(before) ? before : null
    },
    async revokeAll(userId, before) {
      // Later revocations only move the time forward (a racing earlier one loses at most a second).
      const current = Number(await client.get(prefix + userId))
      await client.set(prefix + userId, String(Math.max(before, Number.isFinite(current) ? current : 0)))
      await client.expire(prefix + userId, ttl)
    },
  }
}
