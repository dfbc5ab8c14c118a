import type { VerifiedToken, VerifiedTokenCache } from "../config/types.js"

/**
 * Plaintexts of session tokens that already decrypted and verified, keyed by the exact token text.
 *
 * Decrypting a token is a pure function of the token and the key, and a browser sends the same
 * session cookie on every request until it is re-issued (at most once per `updateAge`), so the
 * HMAC and AES work need not be repeated for it. Only the crypto is skipped: the claims are parsed
 * and checked (`exp`, `nbf`) and the callbacks run on every request, exactly as after a decryption.
 *
 * - A hit hands out a fresh claims object: a shallow copy of flat claims, else the JSON parsed again.
 * - An entry is served only for the key that verified it (a rotated secret or another cookie name
 *   derives another key, which misses).
 * - Only tokens that verified and whose claims passed are added: forged or expired input never is,
 *   so it cannot fill the cache, and it always pays the full constant-time check.
 * - A hit needs the whole token, character for character: holding one is holding the credential.
 * - Memory is bounded by the characters kept (tokens plus plaintexts); the oldest entries go first.
 */
export class VerifiedTokens implements VerifiedTokenCache {
  private readonly entries = new Map<string, VerifiedToken>()
  private chars = 0

  /** @param maxChars budget for the token and plaintext characters held, together. */
  constructor(readonly maxChars: number) {}

  /**
   * What `token` decrypted to, if it is held and `keyFor` (the current choice of key for the kid
   * in the token's header) still picks the key that verified it. The header is not parsed again:
   * the token, and so its kid, is the same text.
   */
  get(token: string, keyFor: (kid: string | undefined) => object | undefined): VerifiedToken | undefined {
    const entry = this.entries.get(token)
    return entry !== undefined && keyFor(entry.kid) === entry.key ? entry : undefined
  }

  /** Holds the plaintext of a token that verified, and its claims when they are flat (see `flat`). */
  add(token: string, key: object, kid: string | undefined, text: string, claims: Readonly<Record<string, unknown>>): void {
    const cost = token.length + text.length
    // One entry may use a small share of the budget at most: a few huge (chunked) sessions must
    // not push out thousands of ordinary ones.
    if (cost > this.maxChars / 16 || this.entries.has(token)) return
    while (this.chars + cost > this.maxChars) {
      const oldest = this.entries.entries().next().value
      if (!oldest) break
      this.entries.delete(oldest[0])
      this.chars -= oldest[0].length + oldest[1].text.length
    }
    this.entries.set(token, { key, kid, text, flat: isFlat(claims) ? Object.freeze({ ...claims }) : undefined })
    this.chars += cost
  }

  get size(): number {
    return this.entries.size
  }

  clear(): void {
    this.entries.clear()
    this.chars = 0
  }
}


function isFlat(claims: Readonly<Record<string, unknown>>): boolean {
  for (const name in claims) {
    const value = claims[name]
    if (typeof value === "object" && value !== null) return false
  }
  return true
}

