/**
 * Shared state between instances of an app (an extension of Auth.js): what `tokens.coordinator`
 * and `session.readCache.coordinator` need from a store every instance reaches. `nestjs-authjs/redis`
 * implements it on Redis; implement it yourself on another store. Values are short strings; every
 * key is written with an expiry, so nothing outlives its TTL if an instance dies.
 */
export interface Coordinator {
  /** Sets `key` only if it is absent (Redis `SET NX PX`); true when this call set it. */
  claim(key: string, value: string, ttlMs: number): PromiseLike<boolean>
  /** The value of `key`, or null when absent or expired. */
  get(key: string): PromiseLike<string | null>
  /** Sets `key`, replacing any value, expiring after `ttlMs`. */
  set(key: string, value: string, ttlMs: number): PromiseLike<void>
  /** Removes `key` (absent is fine). */
  delete(key: string): PromiseLike<void>
  /** Sends `message` to every instance subscribed to `channel` (this one included). Needed by the read cache. */
  publish?(channel: string, message: string): PromiseLike<void>
  /** Calls `onMessage` for every message on `channel`, from any instance. Needed by the read cache. */
  subscribe?(channel: string, onMessage: (message: string) => void): PromiseLike<void>
}
