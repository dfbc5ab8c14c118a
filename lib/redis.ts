/**
 * `nestjs-authjs/redis`: a `Coordinator` on Redis, for several instances of an app (`tokens.coordinator`
 * and `session.readCache.coordinator`). Pass your own ioredis client; this entry loads no Redis
 * package itself (ioredis is an optional peer of this entry only).
 *
 * @example
 * ```ts
 * import Redis from "ioredis"
 * import { redisCoordinator, redisLimitStore } from "nestjs-authjs/redis"
 * const redis = new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false })
 * AuthModule.forRoot({
 *   providers: [Keycloak],
 *   tokens: { refresh: true, coordinator: redisCoordinator(redis) },
 *   limits: { store: redisLimitStore(redis) },   // sign-in limits shared by every instance
 * })
 * ```
 */
export { redisCoordinator } from "./coordination/redis-coordinator.js"
export type { RedisCoordinator, RedisClientLike } from "./coordination/redis-coordinator.js"
export type { Coordinator } from "./core/vocabulary/coordinator.js"
export { redisLimitStore } from "./coordination/redis-limit-store.js"
export type { RedisEvalClientLike } from "./coordination/redis-limit-store.js"
export type { LimitStore, LimitCount } from "./core/vocabulary/limits.js"
