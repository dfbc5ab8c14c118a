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
 * - Memory is bounded by the characters kept (tokens plus plaintexts); the oldest entries go first,
 *   and one subject holds at most `PER_SUBJECT` entries, so re-issues and sign-ins of one account
 *   cannot flush the others.
 */
export class VerifiedTokens implements VerifiedTokenCache {
  /**
   * Entries one subject (`sub`, else `email`) may hold: a browser's current token and a few it was
   * just re-issued. Every `GET session` answers a new token, and every sign-in makes one: without
   * this bound one account could push everybody else out.
   */
  static readonly PER_SUBJECT = 4

  private readonly entries = new Map<string, Held>()
  private readonly bySubject = new Map<string, string[]>()
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
    if (cost > this.maxChars / 16) return
    // An entry verified under a key object since replaced (a re-derived key) would miss for ever.
    if (this.entries.has(token)) this.remove(token)
    const subject = subjectOf(claims)
    const tokens = this.bySubject.get(subject) ?? []
    if (tokens.length >= VerifiedTokens.PER_SUBJECT) this.remove(tokens[0]!)
    while (this.chars + cost > this.maxChars) {
      const oldest = this.entries.keys().next().value
      if (oldest === undefined) break
      this.remove(oldest)
    }
    const flat = isFlat(claims) ? Object.freeze({ ...claims }) : undefined
    this.entries.set(token, { key, kid, text, flat, subject })
    const list = this.bySubject.get(subject)
    if (list) list.push(token)
    else this.bySubject.set(subject, [token])
    this.chars += cost
  }

  private remove(token: string): void {
    const entry = this.entries.get(token)
    if (!entry) return
    this.entries.delete(token)
    this.chars -= token.length + entry.text.length
    const list = this.bySubject.get(entry.subject)
    if (!list) return
    const at = list.indexOf(token)
    if (at !== -1) list.splice(at, 1)
    if (list.length === 0) this.bySubject.delete(entry.subject)
  }

  get size(): number {
    return this.entries.size
  }

  clear(): void {
    this.entries.clear()
    this.bySubject.clear()
    this.chars = 0
  }
}

interface Held extends VerifiedToken {
  readonly subject: string
}

function subjectOf(claims: Readonly<Record<string, unknown>>): string {
  const { sub, email } = claims
  return typeof sub === "string" ? `s:${sub}` : typeof email === "string" ? `e:${email}` : ""
}

function isFlat(claims: Readonly<Record<string, unknown>>): boolean {
  for (const name in claims) {
    const value = claims[name]
    if (typeof value === "object" && value !== null) return false
  }
  return true
}

