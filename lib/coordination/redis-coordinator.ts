import type { Coordinator } from "../core/vocabulary/coordinator.js"

/** The part of an ioredis client (`Redis` or `Cluster`) the coordinator uses. */
export interface RedisClientLike {
  set(key: string, value: string, px: "PX", ttlMs: number, nx: "NX"): PromiseLike<string | null>
  set(key: string, value: string, px: "PX", ttlMs: number): PromiseLike<string | null>
  get(key: string): PromiseLike<string | null>
  del(key: string): PromiseLike<number>
  publish(channel: string, message: string): PromiseLike<number>
  /** A second connection for subscriptions: a subscribed Redis connection runs no other commands. */
  duplicate(override?: { enableOfflineQueue?: boolean }): RedisSubscriberLike
}

export interface RedisSubscriberLike {
  subscribe(channel: string): PromiseLike<unknown>
  on(event: "message", listener: (channel: string, message: string) => void): unknown
  disconnect(): void
}

export interface RedisCoordinator extends Coordinator {
  /** Closes the subscriber connection the read cache opened (your client stays yours to close). */
  close(): void
}

/**
 * A `Coordinator` on an ioredis client: `SET NX PX` for locks, `SET PX` for results, pub/sub for the
 * read cache's invalidations. Keys start with `authjs:`; hand it a client with a `keyPrefix` to
 * separate apps sharing one Redis. Give the client `maxRetriesPerRequest: 1` and
 * `enableOfflineQueue: false` so commands fail fast during an outage (the library bounds each call
 * anyway, and falls back to per-process work).
 */
export function redisCoordinator(client: RedisClientLike): RedisCoordinator {
  if (!client || typeof client.set !== "function" || typeof client.duplicate !== "function") {
    throw new TypeError("redisCoordinator needs an ioredis client (npm install ioredis): new Redis(url)")
  }
  let subscriber: RedisSubscriberLike | undefined
  const listeners = new Map<string, Set<(message: string) => void>>()
  // One SUBSCRIBE per channel; a caller retrying after a timeout waits for the same one.
  const subscriptions = new Map<string, Promise<unknown>>()
  return {
    async claim(key, value, ttlMs) {
      return (await client.set(key, value, "PX", Math.max(1, Math.ceil(ttlMs)), "NX")) === "OK"
    },
    get: (key) => client.get(key),
    async set(key, value, ttlMs) {
      await client.set(key, value, "PX", Math.max(1, Math.ceil(ttlMs)))
    },
    async delete(key) {
      await client.del(key)
    },
    async publish(channel, message) {
      await client.publish(channel, message)
    },
    async subscribe(channel, onMessage) {
      if (!subscriber) {
        // Queued while (re)connecting: ioredis subscribes again after every reconnect.
        subscriber = client.duplicate({ enableOfflineQueue: true })
        subscriber.on("message", (from, message) => listeners.get(from)?.forEach((listener) => listener(message)))
      }
      listeners.set(channel, (listeners.get(channel) ?? new Set()).add(onMessage))
      let subscription = subscriptions.get(channel)
      if (!subscription) {
        subscription = Promise.resolve(subscriber.subscribe(channel))
        subscriptions.set(channel, subscription)
        subscription.then(undefined, () => subscriptions.delete(channel))
      }
      await subscription
    },
    close() {
      subscriber?.disconnect()
      subscriber = undefined
      listeners.clear()
      subscriptions.clear()
    },
  }
}
