import { hkdfSync } from "node:crypto"

/*
 * NextAuth v4's session key (next-auth 4.24, src/jwt/index.ts `getDerivedEncryptionKey`): HKDF-SHA256
 * of the secret with an empty salt and the info "NextAuth.js Generated Encryption Key", 32 bytes,
 * for dir + A256GCM. Unlike Auth.js it does not depend on the cookie name, and tokens carry no kid.
 */
const INFO = "NextAuth.js Generated Encryption Key"
const LENGTH = 32

// One entry per configured secret in practice; the bound only guards against callers that feed
// many different secrets through a custom decoder.
const CACHE_LIMIT = 16
const cache = new Map<string, Uint8Array>()

/** The key NextAuth v4 encrypts session tokens with, derived once per secret. */
export function nextAuthV4Key(secret: string): Uint8Array {
  let key = cache.get(secret)
  if (key) return key
  key = deriveNextAuthV4Key(secret)
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string)
  cache.set(secret, key)
  return key
}

/** The derivation itself, uncached. */
export function deriveNextAuthV4Key(secret: string): Uint8Array {
  if (typeof secret !== "string" || secret === "") throw new TypeError("secret must be a non-empty string")
  return new Uint8Array(hkdfSync("sha256", secret, "", INFO, LENGTH))
}
