import { createHash } from "node:crypto"
import { adapterCall } from "../adapter/call.js"
import { coordinationDefaults } from "../config/defaults.js"
import type { ResolvedConfig } from "../config/types.js"
import { coordinatorCall } from "../tokens/coordinator-guard.js"
import type { AdapterSession, AdapterUser } from "../vocabulary/adapter.js"

type Found = { session: AdapterSession; user: AdapterUser }

/** The channel on which instances announce ended sessions (the message: the token's hash). */
export const INVALIDATION_CHANNEL = "authjs:session-ended"

interface ReadCache {
  entries: Map<string, { found: Found; until: number }>
  /**
   * With a coordinator that publishes sign-outs, entries are kept only once this instance listens:
   * an entry cached before that could outlive a sign-out announced elsewhere.
   */
  listening: boolean
  subscribing?: Promise<void>
  /** After a failed subscription, the next attempt waits until then (ms since epoch). */
  retryAt: number
}

/** How long a failed subscription waits before the next try (ms); reads skip the cache meanwhile. */
const SUBSCRIBE_RETRY_MS = 2_000

// One cache per resolved config (one engine), created on first use.
const caches = new WeakMap<ResolvedConfig, ReadCache>()

/** Session tokens travel and are kept only as hashes: the store and its channel never see them. */
const hashOf = (sessionToken: string) => createHash("sha256").update(sessionToken).digest("base64url")

/**
 * `getSessionAndUser`, answered from memory for `session.readCache.maxAge` after a read found a
 * session. Misses (no session) are not remembered. Copies go out, so callers cannot alter an entry.
 */
export async function cachedSessionAndUser(config: ResolvedConfig, sessionToken: string): Promise<Found | null> {
  const options = config.readCache
  if (!options) return adapterCall(config, "getSessionAndUser", sessionToken)
  const cache = cacheOf(config)
  const key = hashOf(sessionToken)
  const now = Date.now()
  const hit = cache.entries.get(key)
  if (hit && hit.until > now) return copy(hit.found)
  if (hit) cache.entries.delete(key)
  const found = await adapterCall(config, "getSessionAndUser", sessionToken)
  if (!found?.session || !found.user || !cache.listening) return found
  if (cache.entries.size >= coordinationDefaults.readCacheEntries) {
    const oldest = cache.entries.keys().next().value
    if (oldest !== undefined) cache.entries.delete(oldest)
  }
  cache.entries.set(key, { found: copy(found), until: now + options.maxAgeMs })
  return found
}

/** The row's expiry moved (updateAge): the entry follows, so it is not extended again on every hit. */
export function noteSessionExpiry(config: ResolvedConfig, sessionToken: string, expires: Date): void {
  const hit = config.readCache && caches.get(config)?.entries.get(hashOf(sessionToken))
  if (hit) hit.found.session = { ...hit.found.session, expires }
}

/**
 * A session ended here (sign-out, expiry): forget it in this process at once, and in every other
 * instance through the coordinator's pub/sub. Never throws: if the store is down, other instances
 * forget the entry when it expires (at most `maxAge` seconds).
 */
export async function forgetSessionRead(config: ResolvedConfig, sessionToken: string): Promise<void> {
  if (!config.readCache) return
  const key = hashOf(sessionToken)
  caches.get(config)?.entries.delete(key)
  const { coordinator } = config.readCache
  if (!coordinator?.publish) return
  await coordinatorCall(config, coordinator, (c) => c.publish!(INVALIDATION_CHANNEL, key)).catch(() => undefined)
}

function cacheOf(config: ResolvedConfig): ReadCache {
  let cache = caches.get(config)
  if (!cache) {
    cache = { entries: new Map(), listening: !config.readCache?.coordinator?.subscribe, retryAt: 0 }
    caches.set(config, cache)
  }
  if (!cache.listening) listen(config, cache)
  return cache
}

/** Subscribes to the sign-out channel once; a failure (store down, too slow) is tried again later. */
function listen(config: ResolvedConfig, cache: ReadCache): void {
  const coordinator = config.readCache?.coordinator
  if (!coordinator?.subscribe || cache.subscribing || Date.now() < cache.retryAt) return
  const entries = cache.entries
  cache.subscribing = coordinatorCall(config, coordinator, (c) => c.subscribe!(INVALIDATION_CHANNEL, (key) => void entries.delete(key)))
    .then(
      () => void (cache.listening = true),
      () => void (cache.retryAt = Date.now() + SUBSCRIBE_RETRY_MS),
    )
    .finally(() => (cache.subscribing = undefined))
}

function copy(found: Found): Found {
  return { session: { ...found.session }, user: { ...found.user } }
}
