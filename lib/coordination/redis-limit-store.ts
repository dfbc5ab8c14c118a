import type { LimitCount, LimitStore } from "../core/vocabulary/limits.js"

/** The part of an ioredis client (`Redis` or `Cluster`) the limit store uses. */
export interface RedisEvalClientLike {
  eval(script: string, numKeys: number, ...args: Array<string | number>): PromiseLike<unknown>
  del(key: string): PromiseLike<number>
}

// One round trip and atomic: the count, a window that starts at the first hit, and the time left.
const INCREMENT = `
local n = redis.call('INCR', KEYS[1])
local t = redis.call('PTTL', KEYS[1])
if t < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); t = tonumber(ARGV[1]) end
return {n, t}`

// DECR on a missing key would create one without expiry: only an existing count goes down.
const DECREMENT = `
if redis.call('EXISTS', KEYS[1]) == 1 and tonumber(redis.call('GET', KEYS[1])) > 0 then
  return redis.call('DECR', KEYS[1])
end
return 0`

/**
 * A `LimitStore` on an ioredis client, for `limits.store`: every instance of the app counts in
 * one place, so a limit holds however requests are spread. Use the client you give
 * `redisCoordinator`; keys start with `authjs:limit:` and expire with their window. If Redis stops
 * answering, the library counts per process until it is back (one `limit-store-unavailable` warning).
 *
 * @example
 * ```ts
 * const redis = new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false })
 * AuthModule.forRoot({ providers, limits: { store: redisLimitStore(redis) } })
 * ```
 */
export function redisLimitStore(client: RedisEvalClientLike): LimitStore {
  if (!client || typeof client.eval !== "function" || typeof client.del !== "function") {
    throw new TypeError("redisLimitStore needs an ioredis client (npm install ioredis): new Redis(url)")
  }
  return {
    async increment(key, windowMs): Promise<LimitCount> {
      const reply = await client.eval(INCREMENT, 1, key, Math.max(1, Math.ceil(windowMs)))
      const [count, resetMs] = Array.isArray(reply) ? reply.map(Number) : [Number.NaN, 0]
      if (!Number.isFinite(count)) throw new Error("Redis answered the limit script with something else than a count")
      return { count: count!, resetMs: Math.max(0, resetMs ?? 0) }
    },
    async decrement(key) {
      await client.eval(DECREMENT, 1, key)
    },
    async reset(key) {
      await client.del(key)
    },
  }
}
