import { describe, expect, it } from "vitest"
import { decodeAuthjsShape, encode } from "../../lib/core/jwt/encode-decode.js"
import { sessionKey } from "../../lib/core/jwt/derive-key.js"
import { VerifiedTokens } from "../../lib/core/jwt/verified-tokens.js"
import { AUTH_SECRET, SESSION_COOKIE } from "../utils/test-config.js"

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

/** Every spelling of a base64url segment's last character that decodes to the same bytes. */
function spellings(segment: string): string[] {
  const unused = segment.length % 4 === 2 ? 4 : segment.length % 4 === 3 ? 2 : 0
  const last = ALPHABET.indexOf(segment.at(-1)!)
  return Array.from({ length: 1 << unused }, (_, low) => segment.slice(0, -1) + ALPHABET[(last & ~((1 << unused) - 1)) | low])
}

/** Up to `limit` spellings of one token, each decoding to the very same JWE. */
function sameTokenSpellings(token: string, limit: number): string[] {
  const [h, k, iv, ct, tag] = token.split(".") as [string, string, string, string, string]
  const out: string[] = []
  // Not the header: its text is the AAD, so another spelling of it is another token.
  for (const a of [h]) for (const b of spellings(iv)) for (const c of spellings(ct)) for (const d of spellings(tag)) {
    if (out.length < limit) out.push([a, k, b, c, d].join("."))
  }
  return out
}

describe("the verified-token cache cannot be flooded or go cold", () => {
  it("holds one entry per token: non-canonical base64url spellings take the full path and are never cached", async () => {
    const cache = new VerifiedTokens(1 << 22)
    const token = await encode({ token: { sub: "u1" }, secret: AUTH_SECRET, salt: SESSION_COOKIE })
    const variants = sameTokenSpellings(token, 256)
    expect(variants.length).toBeGreaterThan(16)
    for (const variant of variants) {
      expect(() => decodeAuthjsShape(variant, [AUTH_SECRET], SESSION_COOKIE, cache)).not.toThrow()
    }
    expect(cache.size).toBe(1)
  })

  it("keeps at most a few entries per user, however often the session is re-issued", async () => {
    const cache = new VerifiedTokens(1 << 22)
    const other = await encode({ token: { sub: "bystander" }, secret: AUTH_SECRET, salt: SESSION_COOKIE })
    decodeAuthjsShape(other, [AUTH_SECRET], SESSION_COOKIE, cache)
    // Each GET /auth/session answers a fresh token; each one comes back on the next guarded request.
    for (let i = 0; i < 100; i++) {
      const reissued = await encode({ token: { sub: "flooder", i }, secret: AUTH_SECRET, salt: SESSION_COOKIE })
      decodeAuthjsShape(reissued, [AUTH_SECRET], SESSION_COOKIE, cache)
    }
    expect(cache.size).toBeLessThanOrEqual(1 + VerifiedTokens.PER_SUBJECT)
    expect(cache.get(other, () => sessionKey(AUTH_SECRET, SESSION_COOKIE, "A256CBC-HS512"))).toBeDefined()
  })

  it("evicts the least recently used derived key, never the whole key cache", () => {
    const mine = sessionKey(AUTH_SECRET, SESSION_COOKIE, "A256CBC-HS512")
    for (let i = 0; i < 200; i++) {
      sessionKey(AUTH_SECRET, `salt-${i}`, "A256CBC-HS512")
      if (i % 8 === 0) sessionKey(AUTH_SECRET, SESSION_COOKIE, "A256CBC-HS512")
    }
    expect(sessionKey(AUTH_SECRET, SESSION_COOKIE, "A256CBC-HS512")).toBe(mine)
  })

  it("replaces an entry whose key object changed, so a remembered token hits again", async () => {
    const cache = new VerifiedTokens(1 << 22)
    const token = await encode({ token: { sub: "u1" }, secret: AUTH_SECRET, salt: SESSION_COOKIE })
    const stale = {}
    cache.add(token, stale, undefined, '{"sub":"u1"}', { sub: "u1" })
    decodeAuthjsShape(token, [AUTH_SECRET], SESSION_COOKIE, cache)
    expect(cache.get(token, () => sessionKey(AUTH_SECRET, SESSION_COOKIE, "A256CBC-HS512"))).toBeDefined()
    expect(cache.size).toBe(1)
  })
})
