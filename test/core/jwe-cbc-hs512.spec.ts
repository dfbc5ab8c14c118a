import { randomBytes } from "node:crypto"
import fc from "fast-check"
import { CompactEncrypt, compactDecrypt, errors, jwtDecrypt } from "jose"
import { afterEach, describe, expect, it, vi } from "vitest"
import { decryptCbcHs512, parseCbcHs512 } from "../../lib/core/jwt/jwe-cbc-hs512.js"
import { decode, encode } from "../../lib/core/jwt/encode-decode.js"
import { sessionKey } from "../../lib/core/jwt/derive-key.js"
import { INTEROP_SECRET, vectors } from "../utils/authjs-vectors.js"

const SALT = "authjs.session-token"
const key = sessionKey(INTEROP_SECRET, SALT, "A256CBC-HS512")
const header = { alg: "dir", enc: "A256CBC-HS512", kid: key.kid }

function seal(plaintext: Uint8Array | string, protectedHeader: Record<string, unknown> = header): Promise<string> {
  const bytes = typeof plaintext === "string" ? new TextEncoder().encode(plaintext) : plaintext
  return new CompactEncrypt(bytes).setProtectedHeader(protectedHeader as never).encrypt(key.bytes)
}

function segment(token: string, index: number, value: string): string {
  const parts = token.split(".")
  parts[index] = value
  return parts.join(".")
}

/** Outcome of a decode attempt, comparable across implementations. */
async function outcome(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return { ok: await run() }
  } catch (error) {
    const e = error as Error
    return { error: `${e.name}: ${e.message}` }
  }
}

afterEach(() => {
  vi.useRealTimers()
})

describe("parseCbcHs512", () => {
  it("accepts what Auth.js and our encoder emit", async () => {
    expect(parseCbcHs512(await encode({ token: {}, secret: INTEROP_SECRET, salt: SALT }))).toMatchObject({ kid: key.kid })
    for (const v of vectors.jwt.filter((j) => j.protected_header.enc === "A256CBC-HS512")) {
      expect(parseCbcHs512(v.encoded), v.id).toBeDefined()
    }
    expect(parseCbcHs512(vectors.jwt.find((v) => v.id === "no-kid-header")!.encoded)).toMatchObject({ kid: undefined })
  })

  it("leaves every other shape to jose", async () => {
    const token = await seal("{}")
    const [h, , iv, ct, tag] = token.split(".") as [string, string, string, string, string]
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url")
    const others = [
      segment(token, 2, `${iv}==`), // padding: atob accepts it, we do not guess
      segment(token, 3, `${ct} `),
      segment(token, 4, tag.slice(0, -1)),
      segment(token, 1, "AAAA"),
      segment(token, 0, b64({ ...header, typ: "JWT" })),
      segment(token, 0, b64({ ...header, zip: "DEF" })),
      segment(token, 0, b64({ ...header, crit: ["x"], x: 1 })),
      segment(token, 0, b64({ alg: "dir", enc: "A256GCM", kid: key.kid })),
      segment(token, 0, b64({ alg: "A256KW", enc: "A256CBC-HS512" })),
      segment(token, 0, b64({ ...header, kid: 7 })),
      segment(token, 0, b64([header])),
      segment(token, 0, Buffer.from(`{"alg":"dir","enc":"A256CBC-HS512","__proto__":{}}`).toString("base64url")),
      segment(token, 0, Buffer.from([0x7b, 0xff, 0x7d]).toString("base64url")),
      `${h}..${iv}.${ct}`,
      `${token}.x`,
      "garbage",
    ]
    for (const other of others) expect(parseCbcHs512(other), other.slice(0, 80)).toBeUndefined()
  })
})

describe("decryptCbcHs512", () => {
  it("yields the same plaintext bytes as jose for every padding length", async () => {
    for (let length = 0; length <= 70; length++) {
      const plaintext = randomBytes(length)
      const token = await seal(plaintext)
      const ours = decryptCbcHs512(parseCbcHs512(token)!, key.bytes)
      const theirs = (await compactDecrypt(token, key.bytes)).plaintext
      expect(Buffer.from(ours).equals(Buffer.from(theirs))).toBe(true)
      expect(Buffer.from(ours).equals(plaintext)).toBe(true)
    }
  })

  it("rejects every single-character change that jose rejects", async () => {
    const token = await seal(JSON.stringify({ sub: "x".repeat(40) }))
    for (let i = 0; i < token.length; i++) {
      if (token[i] === ".") continue
      const changed = token.slice(0, i) + (token[i] === "A" ? "B" : "A") + token.slice(i + 1)
      const jwe = parseCbcHs512(changed)
      if (!jwe) continue // not the plain shape any more: decode would hand it to jose
      const ours = await outcome(async () => Buffer.from(decryptCbcHs512(jwe, key.bytes)).toString("hex"))
      const theirs = await outcome(async () => Buffer.from((await compactDecrypt(changed, key.bytes)).plaintext).toString("hex"))
      // A change in the last character of a segment may only touch the unused trailing bits.
      if ("ok" in (theirs as object)) expect(ours).toEqual(theirs)
      else expect(ours).toEqual({ error: "JWEDecryptionFailed: decryption operation failed" })
    }
  })

  it("rejects a token sealed with another key", async () => {
    const other = sessionKey(INTEROP_SECRET, "__Secure-authjs.session-token", "A256CBC-HS512")
    const token = await new CompactEncrypt(new TextEncoder().encode("{}")).setProtectedHeader(header as never).encrypt(other.bytes)
    expect(() => decryptCbcHs512(parseCbcHs512(token)!, key.bytes)).toThrow(errors.JWEDecryptionFailed)
  })
})

describe("decode fast path vs jose jwtDecrypt", () => {
  const now = 1_800_000_000
  const payloads = [
    "{}",
    JSON.stringify({ sub: "1", iat: now, exp: now + 60, jti: "a" }),
    JSON.stringify({ exp: now - 15 }),
    JSON.stringify({ exp: now - 14 }),
    JSON.stringify({ exp: now - 16.5 }),
    JSON.stringify({ exp: "tomorrow" }),
    JSON.stringify({ exp: null }),
    JSON.stringify({ nbf: now + 15 }),
    JSON.stringify({ nbf: now + 16 }),
    JSON.stringify({ nbf: true }),
    JSON.stringify({ iat: "yesterday" }),
    JSON.stringify({ iat: now + 10_000 }),
    JSON.stringify({ iss: "x", aud: ["a"], typ: 1 }),
    JSON.stringify({ "__proto__": { polluted: true }, ok: 1 }),
    '{"a":1,"a":2}',
    "[]",
    "null",
    '"string"',
    "12",
    "",
    "{",
    " {} ",
    '{"name":"Zo\u00eb \ud83d\ude80"}',
  ]

  it("agrees on result or error for every claims set", async () => {
    vi.useFakeTimers({ toFake: ["Date"] })
    vi.setSystemTime(now * 1000)
    const options = { clockTolerance: 15, keyManagementAlgorithms: ["dir"], contentEncryptionAlgorithms: ["A256CBC-HS512", "A256GCM"] }
    for (const payload of payloads) {
      const token = await seal(payload)
      expect(parseCbcHs512(token)).toBeDefined()
      const ours = await outcome(() => decode({ token, secret: INTEROP_SECRET, salt: SALT }))
      const theirs = await outcome(async () => (await jwtDecrypt(token, key.bytes, options)).payload)
      expect(ours, payload).toEqual(theirs)
    }
    // Invalid UTF-8 in the plaintext.
    const token = await seal(new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]))
    const ours = await outcome(() => decode({ token, secret: INTEROP_SECRET, salt: SALT }))
    const theirs = await outcome(async () => (await jwtDecrypt(token, key.bytes, options)).payload)
    expect(ours).toEqual(theirs)
    expect(ours).toEqual({ error: "JWTInvalid: JWT Claims Set must be a top-level JSON object" })
  })
})

describe("fast path vs jose under fuzzing (#9)", () => {
  const now = 1_800_000_000
  const options = { clockTolerance: 15, keyManagementAlgorithms: ["dir"], contentEncryptionAlgorithms: ["A256CBC-HS512", "A256GCM"] }
  const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
  const ours = (token: string) => outcome(() => decode({ token, secret: INTEROP_SECRET, salt: SALT }))
  const jose = (token: string) => outcome(async () => (await jwtDecrypt(token, key.bytes, options)).payload)

  const numericDate = fc.oneof(
    // the edges of the 15 s tolerance, where an off-by-one would hide
    fc.constantFrom(now - 16, now - 15.5, now - 15, now - 14, now, now + 14, now + 15, now + 15.5, now + 16),
    fc.integer({ min: now - 100, max: now + 100 }),
    fc.double({ min: now - 100, max: now + 100, noNaN: true }),
    fc.constantFrom<unknown>("1800000000", null, true, [], {}),
  )
  const claims = fc.record(
    {
      sub: fc.string(),
      name: fc.oneof(fc.string(), fc.constant(null)),
      exp: numericDate,
      nbf: numericDate,
      iat: numericDate,
      extra: fc.jsonValue({ maxDepth: 2 }),
    },
    { requiredKeys: [] },
  )

  it("decodes any claims set exactly as jwtDecrypt does", async () => {
    vi.useFakeTimers({ toFake: ["Date"] })
    vi.setSystemTime(now * 1000)
    await fc.assert(
      fc.asyncProperty(claims, async (set) => {
        const token = await seal(JSON.stringify(set))
        expect(parseCbcHs512(token)).toBeDefined()
        expect(await ours(token)).toEqual(await jose(token))
      }),
      { numRuns: 150 },
    )
  })

  it("decrypts any plaintext to jose's bytes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (plaintext) => {
        const token = await seal(plaintext)
        const fast = Buffer.from(decryptCbcHs512(parseCbcHs512(token)!, key.bytes))
        expect(fast.equals(Buffer.from((await compactDecrypt(token, key.bytes)).plaintext))).toBe(true)
      }),
      { numRuns: 100 },
    )
  })

  it("rejects every tampered token jose rejects, and reads the rest identically", async () => {
    const base = await seal(JSON.stringify({ sub: "fuzz", name: "x".repeat(50) }))
    const edit = fc.oneof(
      // replace, insert or delete one character anywhere
      fc.tuple(fc.nat(), fc.constantFrom(...B64URL, ".", "=", "+", "/", " ", "~")).map(([at, c]) => (t: string) => {
        const i = at % t.length
        return t.slice(0, i) + c + t.slice(i + 1)
      }),
      fc.tuple(fc.nat(), fc.constantFrom(...B64URL, ".")).map(([at, c]) => (t: string) => {
        const i = at % (t.length + 1)
        return t.slice(0, i) + c + t.slice(i)
      }),
      fc.nat().map((at) => (t: string) => {
        const i = at % t.length
        return t.slice(0, i) + t.slice(i + 1)
      }),
      // flip one bit of a decoded segment (header, iv, ciphertext or tag), its last byte half the time
      fc.tuple(fc.constantFrom(0, 2, 3, 4), fc.nat(), fc.boolean(), fc.integer({ min: 0, max: 7 })).map(([s, at, last, bit]) => (t: string) => {
        const parts = t.split(".")
        const bytes = Buffer.from(parts[s] ?? "", "base64url")
        if (bytes.length === 0) return t
        bytes[last ? bytes.length - 1 : at % bytes.length]! ^= 1 << bit
        parts[s] = bytes.toString("base64url")
        return parts.join(".")
      }),
      // swap two segments
      fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })).map(([a, b]) => (t: string) => {
        const parts = t.split(".")
        ;[parts[a], parts[b]] = [parts[b]!, parts[a]!]
        return parts.join(".")
      }),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 3 }), async (edits) => {
        const token = edits.reduce((t, e) => e(t), base)
        const jwe = parseCbcHs512(token)
        if (jwe) {
          const fast = await outcome(async () => Buffer.from(decryptCbcHs512(jwe, key.bytes)).toString("hex"))
          const reference = await outcome(async () => Buffer.from((await compactDecrypt(token, key.bytes)).plaintext).toString("hex"))
          if ("ok" in (reference as object)) expect(fast).toEqual(reference)
          else expect(fast).toEqual({ error: "JWEDecryptionFailed: decryption operation failed" })
        }
        // Whichever path decode takes, it accepts exactly what jose accepts, with the same claims.
        const [a, b] = [await ours(token), await jose(token)]
        expect("ok" in (a as object)).toBe("ok" in (b as object))
        if ("ok" in (a as object)) expect(a).toEqual(b)
      }),
      { numRuns: 300 },
    )
  })

  it("takes only the plain header shape, and agrees with jose on every header", async () => {
    const header = fc.record(
      {
        alg: fc.constantFrom("dir", "dir", "A256KW"),
        enc: fc.constantFrom("A256CBC-HS512", "A256CBC-HS512", "A256GCM", "A128CBC-HS256"),
        kid: fc.constantFrom<unknown>(key.kid, undefined),
        typ: fc.constantFrom("JWT", "JWE"),
        cty: fc.string({ maxLength: 5 }),
        x: fc.jsonValue({ maxDepth: 1 }),
      },
      { requiredKeys: ["alg", "enc"] },
    )
    await fc.assert(
      fc.asyncProperty(header, async (h) => {
        const protectedHeader = Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined))
        if (h.alg !== "dir" || h.enc !== "A256CBC-HS512") {
          // No valid token exists for these with this key: put the header on a sealed one.
          const encoded = Buffer.from(JSON.stringify(protectedHeader)).toString("base64url")
          const token = segment(await seal(JSON.stringify({ sub: "h" })), 0, encoded)
          expect(parseCbcHs512(token)).toBeUndefined()
          expect(await ours(token)).toHaveProperty("error")
          return
        }
        const token = await seal(JSON.stringify({ sub: "h" }), protectedHeader)
        const plain = Object.keys(protectedHeader).every((k) => k === "alg" || k === "enc" || k === "kid")
        expect(parseCbcHs512(token) !== undefined).toBe(plain)
        expect(await ours(token)).toEqual(await jose(token))
      }),
      { numRuns: 200 },
    )
  })

  it("gives the same answer for a header the cache has already seen", async () => {
    const token = await seal(JSON.stringify({ sub: "cached" }))
    const first = await ours(token)
    // Many distinct valid headers push the first one out of the bounded cache.
    for (let i = 0; i < 100; i++) parseCbcHs512(await seal("{}", { ...header, kid: `k${i}` }))
    expect(await ours(token)).toEqual(first)
    expect(first).toMatchObject({ ok: { sub: "cached" } })
  })
})
