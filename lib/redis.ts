/**
 * `nestjs-authjs/redis`: a `Coordinator` on Redis, for several instances of an app (`tokens.coordinator`
 * and `session.readCache.coordinator`). Pass your own ioredis client; this entry loads no Redis
 * package itself (ioredis is an optional peer of this entry only).
 *
 * @example
 * ```ts
 * import Redis from "ioredis"
 * import { redisCoordinator } from "nestjs-authjs/redis"
 * const redis = new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false })
 * AuthModule.forRoot({ providers: [Keycloak], tokens: { refresh: true, coordinator: redisCoordinator(redis) } })
 * ```
 */
export { redisCoordinator } from "./coordination/redis-coordinator.js"
export type { RedisCoordinator, RedisClientLike } from "./coordination/redis-coordinator.js"
export type { Coordinator } from "./core/vocabulary/coordinator.js"
