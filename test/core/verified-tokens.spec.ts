import { afterEach, describe, expect, it, vi } from "vitest"
import { CompactEncrypt, errors } from "jose"
import { decodeAuthjsShape, encode } from "../../lib/core/jwt/encode-decode.js"
import { sessionKey } from "../../lib/core/jwt/derive-key.js"
import { readSession } from "../../lib/core/session/read-session.js"
import { VerifiedTokens } from "../../lib/core/jwt/verified-tokens.js"
import { AUTH_SECRET, SESSION_COOKIE, testConfig } from "../utils/test-config.js"

/*
 * The cache of verified session tokens (#9): it may only ever skip the decryption of a token that
 * already decrypted under the same key. Claims checks and callbacks run on every read.
 */

const claims = { name: "Alice", email: "alice@example.com", sub: "u1" }
const OTHER_SECRET = "another-secret-0123456789abcdefghijklmnop"
const sessionInput = (value: string) => ({ protocol: "http", headers: {}, cookieHeader: `${SESSION_COOKIE}=${value}` })

afterEach(() => {
  vi.useRealTimers()
})

describe("VerifiedTokens", () => {
  it("serves an entry only for the key object it was added with", () => {
    const cache = new VerifiedTokens(1000)
    const key = {}
    cache.add("token", key, "kid-1", "{}", {})
    expect(cache.get("token", (kid) => (kid === "kid-1" ? key : undefined))?.text).toBe("{}")
    expect(cache.get("token", () => ({}))).toBeUndefined()
    expect(cache.get("token", () => undefined)).toBeUndefined()
    expect(cache.get("other", () => key)).toBeUndefined()
  })

  it("drops the oldest entries to stay within its character budget", () => {
    const cache = new VerifiedTokens(160)
    const key = {}
    // One subject per entry: a subject's own bound (PER_SUBJECT) is tested in verified-tokens-bounds.spec.ts.
    for (let i = 0; i < 10; i++) cache.add(`t${i}`.padEnd(8, "x"), key, undefined, "p".repeat(2), { sub: `u${i}` })
    // 10 chars each: all fit.
    expect(cache.size).toBe(10)
    for (let i = 10; i < 20; i++) cache.add(`t${i}`.padEnd(8, "x"), key, undefined, "p".repeat(2), { sub: `u${i}` })
    expect(cache.size).toBe(16)
    expect(cache.get("t0".padEnd(8, "x"), () => key)).toBeUndefined()
    expect(cache.get("t19".padEnd(8, "x"), () => key)?.text).toBe("pp")
  })

  it("refuses an entry larger than a sixteenth of the budget", () => {
    const cache = new VerifiedTokens(1600)
    cache.add("t".repeat(90), {}, undefined, "p".repeat(20), {})
    expect(cache.size).toBe(0)
    cache.add("t".repeat(80), {}, undefined, "p".repeat(20), {})
    expect(cache.size).toBe(1)
  })
})

describe("decodeAuthjsShape with a cache", () => {
  it("adds a verified token once and serves it on the next decode", async () => {
    const cache = new VerifiedTokens(1 << 20)
    const token = await encode({ token: claims, secret: AUTH_SECRET, salt: SESSION_COOKIE })
    expect(decodeAuthjsShape(token, [AUTH_SECRET], SESSION_COOKIE, cache)).toMatchObject(claims)
    expect(cache.size).toBe(1)
    expect(decodeAuthjsShape(token, [AUTH_SECRET], SESSION_COOKIE, cache)).toMatchObject(claims)
    expect(cache.size).toBe(1)
  })

  it("really skips the decryption on a hit (a planted plaintext is what comes back)", async () => {
    const cache = new VerifiedTokens(1 << 20)
    const token = await encode({ token: claims, secret: AUTH_SECRET, salt: SESSION_COOKIE })
    const key = sessionKey(AUTH_SECRET, SESSION_COOKIE, "A256CBC-HS512")
    cache.add(token, key, key.kid, '{"name":"Planted"}', { name: "Planted" })
    expect(decodeAuthjsShape(token, [AUTH_SECRET], SESSION_COOKIE, cache)).toEqual({ name: "Planted" })
    // Claims that are not flat are parsed again from the text.
    const other = await encode({ token: claims, secret: AUTH_SECRET, salt: SESSION_COOKIE })
    cache.add(other, key, key.kid, '{"name":"Parsed","roles":["a"]}', { name: "Parsed", roles: ["a"] })
    expect(decodeAuthjsShape(other, [AUTH_SECRET], SESSION_COOKIE, cache)).toEqual({ name: "Parsed", roles: ["a"] })
    // Under any other key (another cookie name, another secret) the entry is not served.
    expect(() => decodeAuthjsShape(token, [OTHER_SECRET], SESSION_COOKIE, cache)).toThrow()
    expect(() => decodeAuthjsShape(token, [AUTH_SECRET], "__Secure-authjs.session-token", cache)).toThrow()
  })

  it("never adds a token that fails: tampered, foreign or expired", async () => {
    const cache = new VerifiedTokens(1 << 20)
    const token = await encode({ token: claims, secret: AUTH_SECRET, salt: SESSION_COOKIE })
    const at = token.length - 5
    const tampered = token.slice(0, at) + (token[at] === "A" ? "B" : "A") + token.slice(at + 1)
    const foreign = await encode({ token: claims, secret: OTHER_SECRET, salt: SESSION_COOKIE })
    const expired = await encode({ token: claims, secret: AUTH_SECRET, salt: SESSION_COOKIE, maxAge: -60 })
    for (const bad of [tampered, foreign, expired]) {
      for (let i = 0; i < 2; i++) expect(() => decodeAuthjsShape(bad, [AUTH_SECRET], SESSION_COOKIE, cache)).toThrow()
    }
    expect(cache.size).toBe(0)
  })

  it("still refuses a held token once it has expired", async () => {
    vi.useFakeTimers({ now: new Date("2026-01-01T00:00:00Z"), toFake: ["Date"] })
    const cache = new VerifiedTokens(1 << 20)
    const token = await encode({ token: claims, secret: AUTH_SECRET, salt: SESSION_COOKIE, maxAge: 60 })
    expect(decodeAuthjsShape(token, [AUTH_SECRET], SESSION_COOKIE, cache)).toMatchObject(claims)
    expect(cache.size).toBe(1)
    vi.setSystemTime(new Date("2026-01-01T00:01:14Z")) // exp + 14 s: inside the 15 s tolerance
    expect(decodeAuthjsShape(token, [AUTH_SECRET], SESSION_COOKIE, cache)).toMatchObject(claims)
    vi.setSystemTime(new Date("2026-01-01T00:01:16Z"))
    expect(() => decodeAuthjsShape(token, [AUTH_SECRET], SESSION_COOKIE, cache)).toThrow(errors.JWTExpired)
  })

  it("stops serving a token once its secret is rotated out", async () => {
    const cache = new VerifiedTokens(1 << 20)
    const token = await encode({ token: claims, secret: OTHER_SECRET, salt: SESSION_COOKIE })
    expect(decodeAuthjsShape(token, [AUTH_SECRET, OTHER_SECRET], SESSION_COOKIE, cache)).toMatchObject(claims)
    expect(cache.size).toBe(1)
    expect(() => decodeAuthjsShape(token, [AUTH_SECRET], SESSION_COOKIE, cache)).toThrow("no matching decryption secret")
  })

  it("serves a token without a kid only while its secret is still the first one (Auth.js's rule)", async () => {
    const cache = new VerifiedTokens(1 << 20)
    const key = sessionKey(AUTH_SECRET, SESSION_COOKIE, "A256CBC-HS512")
    const now = Math.floor(Date.now() / 1000)
    const token = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify({ ...claims, iat: now, exp: now + 60 })))
      .setProtectedHeader({ alg: "dir", enc: "A256CBC-HS512" })
      .encrypt(key.bytes)
    expect(decodeAuthjsShape(token, [AUTH_SECRET, OTHER_SECRET], SESSION_COOKIE, cache)).toMatchObject(claims)
    expect(cache.size).toBe(1)
    expect(decodeAuthjsShape(token, [AUTH_SECRET], SESSION_COOKIE, cache)).toMatchObject(claims)
    // Without a kid only the first secret is tried, cached or not.
    expect(() => decodeAuthjsShape(token, [OTHER_SECRET, AUTH_SECRET], SESSION_COOKIE, cache)).toThrow()
  })

  it("hands out a fresh claims object each time, flat or nested", async () => {
    const cache = new VerifiedTokens(1 << 20)
    for (const shape of [claims, { ...claims, nested: { a: 1 }, list: [1] }]) {
      const token = await encode({ token: shape, secret: AUTH_SECRET, salt: SESSION_COOKIE })
      const first = decodeAuthjsShape(token, [AUTH_SECRET], SESSION_COOKIE, cache)!
      const second = decodeAuthjsShape(token, [AUTH_SECRET], SESSION_COOKIE, cache)!
      expect(second).not.toBe(first)
      expect(second).toEqual(first)
      if (first.nested) {
        ;(first.nested as { a: number }).a = 2
        ;(first.list as number[]).push(2)
      }
      first.name = "Mallory"
      first.exp = 0
      expect(decodeAuthjsShape(token, [AUTH_SECRET], SESSION_COOKIE, cache)).toEqual(second)
    }
  })
})

describe("the session check's cache (jwt.decodeCache)", () => {
  it("is on by default, off with `false` or a custom decode", () => {
    expect(testConfig().jwt.verified).toBeInstanceOf(VerifiedTokens)
    expect(testConfig({ jwt: { decodeCache: { maxChars: 4096 } } }).jwt.verified?.maxChars).toBe(4096)
    expect(testConfig({ jwt: { decodeCache: false } }).jwt.verified).toBeUndefined()
    expect(testConfig({ jwt: { decode: () => null } }).jwt.verified).toBeUndefined()
  })

  it("rejects option values it cannot use", () => {
    for (const bad of [0, "yes", null, { maxChars: 0 }, { maxChars: 1.5 }, { maxChars: "1" }, {}]) {
      expect(() => testConfig({ jwt: { decodeCache: bad as never } }), JSON.stringify(bad)).toThrow(/jwt\.decodeCache/)
    }
  })

  it("runs the callbacks on every read, cached or not", async () => {
    let jwtCalls = 0
    let sessionCalls = 0
    const config = testConfig({
      callbacks: {
        jwt: ({ token }) => (jwtCalls++, { ...token, calls: jwtCalls }),
        session: ({ session, token }) => (sessionCalls++, { ...session, calls: token?.calls }),
      },
    })
    const token = await encode({ token: claims, secret: AUTH_SECRET, salt: SESSION_COOKIE })
    for (let i = 1; i <= 3; i++) {
      const read = await readSession(config, sessionInput(token))
      expect(read.session).toMatchObject({ user: { name: "Alice" }, calls: i })
    }
    expect([jwtCalls, sessionCalls]).toEqual([3, 3])
    expect(config.jwt.verified!.size).toBe(1)
  })

  it("gives the same answers with the cache on and off", async () => {
    const cached = testConfig()
    const uncached = testConfig({ jwt: { decodeCache: false } })
    const valid = await encode({ token: claims, secret: AUTH_SECRET, salt: SESSION_COOKIE })
    const expired = await encode({ token: claims, secret: AUTH_SECRET, salt: SESSION_COOKIE, maxAge: -60 })
    for (const token of [valid, valid, expired, expired, "garbage", valid]) {
      const [a, b] = [await readSession(cached, sessionInput(token)), await readSession(uncached, sessionInput(token))]
      expect({ ...a, session: { ...a.session, expires: undefined } }).toEqual({ ...b, session: { ...b.session, expires: undefined } })
    }
  })
})
