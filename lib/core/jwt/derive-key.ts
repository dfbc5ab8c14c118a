import { createHash, hkdfSync } from "node:crypto"

/** The content encryptions the session decoder accepts (§5.1); the encoder only writes the first. */
export type SessionEnc = "A256CBC-HS512" | "A256GCM"

export interface SessionKey {
  /** HKDF output: 64 bytes (MAC key ‖ AES key) for A256CBC-HS512, 32 bytes for A256GCM. */
  readonly bytes: Uint8Array
  /** RFC 7638 thumbprint of `{kty:"oct", k}`; SHA-512 for 64-byte keys, SHA-256 for 32-byte ones. */
  readonly kid: string
}

const KEY_LENGTH: Readonly<Record<SessionEnc, number>> = { "A256CBC-HS512": 64, A256GCM: 32 }

// Secrets and cookie names come from the config, so a handful of entries covers a process; the
// bound only matters when a caller feeds unbounded salts (e.g. getToken with arbitrary names).
// Keyed by enc, then secret, then salt: the config's own strings cache their hashes, so a lookup
// on the per-request path builds no string. When full, the least recently used key goes: clearing
// everything would re-derive the config's own keys as new objects, which the verified-token cache
// (keyed by key object) would then miss.
const CACHE_LIMIT = 64
const cache = new Map<SessionEnc, Map<string, Map<string, Cached>>>()
let cached = 0
let clock = 0

interface Cached {
  readonly key: SessionKey
  used: number
}

export function isSessionEnc(enc: unknown): enc is SessionEnc {
  return enc === "A256CBC-HS512" || enc === "A256GCM"
}

/**
 * The Auth.js key for (secret, salt, enc), derived once and then served from a small cache: the
 * session check runs on every request and must not pay for HKDF and a thumbprint each time.
 */
export function sessionKey(secret: string, salt: string, enc: SessionEnc): SessionKey {
  const found = cache.get(enc)?.get(secret)?.get(salt)
  if (found) {
    found.used = ++clock
    return found.key
  }
  const key = deriveSessionKey(secret, salt, enc)
  if (cached >= CACHE_LIMIT) evictLeastRecentlyUsed()
  let bySecret = cache.get(enc)
  if (!bySecret) cache.set(enc, (bySecret = new Map()))
  let bySalt = bySecret.get(secret)
  if (!bySalt) bySecret.set(secret, (bySalt = new Map()))
  bySalt.set(salt, { key, used: ++clock })
  cached++
  return key
}

/** A scan of at most 64 entries, only when a new key must be derived into a full cache. */
function evictLeastRecentlyUsed(): void {
  let victim: { bySalt: Map<string, Cached>; salt: string; bySecret: Map<string, Map<string, Cached>>; secret: string } | undefined
  let oldest = Infinity
  for (const bySecret of cache.values()) {
    for (const [secret, bySalt] of bySecret) {
      for (const [salt, entry] of bySalt) {
        if (entry.used < oldest) (oldest = entry.used), (victim = { bySalt, salt, bySecret, secret })
      }
    }
  }
  if (!victim) return
  victim.bySalt.delete(victim.salt)
  if (victim.bySalt.size === 0) victim.bySecret.delete(victim.secret)
  cached--
}

/** §5.2 and §5.3 without caching: HKDF-SHA256 keyed by the secret, salted by the cookie name. */
export function deriveSessionKey(secret: string, salt: string, enc: SessionEnc): SessionKey {
  if (typeof secret !== "string" || secret === "") throw new TypeError("secret must be a non-empty string")
  if (typeof salt !== "string") throw new TypeError("salt must be a string")
  const length = KEY_LENGTH[enc]
  if (!length) throw new Error("Unsupported JWT Content Encryption Algorithm")
  const info = `Auth.js Generated Encryption Key (${salt})`
  const bytes = new Uint8Array(hkdfSync("sha256", secret, salt, info, length))
  // RFC 7638: the required members of an oct JWK, lexicographic order, no whitespace.
  const jwk = `{"k":"${Buffer.from(bytes).toString("base64url")}","kty":"oct"}`
  const kid = createHash(length === 64 ? "sha512" : "sha256").update(jwk).digest("base64url")
  return Object.freeze({ bytes, kid })
}
