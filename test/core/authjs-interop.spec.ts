import { decode as authjsDecode, encode as authjsEncode } from "@auth/core/jwt"
import fc from "fast-check"
import { afterEach, describe, expect, it, vi } from "vitest"
import { defaultCookies, parseCookieHeader } from "../../lib/core/cookies.js"
import { createCsrf, csrfHash } from "../../lib/core/csrf.js"
import { decode, encode } from "../../lib/core/jwt/encode-decode.js"
import { deriveSessionKey } from "../../lib/core/jwt/derive-key.js"
import { readSessionCookie, writeSessionCookie } from "../../lib/core/session/cookie-store.js"
import { INTEROP_SECRET, NEW_SECRET, OLD_SECRET, jwtVector, vectors } from "../utils/authjs-vectors.js"

const SALT = "authjs.session-token"
const SECURE_SALT = "__Secure-authjs.session-token"
const claims = { name: "Alice", email: "alice@example.com", picture: "https://example.com/a.png", sub: "user-1" }

function at(epochSeconds: number): void {
  vi.useFakeTimers({ toFake: ["Date"] })
  vi.setSystemTime(epochSeconds * 1000)
}

async function failure(run: () => Promise<unknown>): Promise<string> {
  try {
    await run()
  } catch (error) {
    const e = error as Error
    return `${e.name === "Error" ? "Error" : e.name}: ${e.message}`
  }
  throw new Error("expected a failure")
}

afterEach(() => {
  vi.useRealTimers()
})

describe("@auth/core/jwt interop", () => {
  for (const salt of [SALT, SECURE_SALT]) {
    it(`decodes what @auth/core encodes (${salt})`, async () => {
      const token = await authjsEncode({ token: claims, secret: INTEROP_SECRET, salt })
      const ours = await decode({ token, secret: INTEROP_SECRET, salt })
      expect(ours).toEqual(await authjsDecode({ token, secret: INTEROP_SECRET, salt }))
      expect(ours).toMatchObject(claims)
    })

    it(`encodes what @auth/core decodes (${salt})`, async () => {
      const token = await encode({ token: claims, secret: INTEROP_SECRET, salt })
      const theirs = await authjsDecode({ token, secret: INTEROP_SECRET, salt })
      expect(theirs).toEqual(await decode({ token, secret: INTEROP_SECRET, salt }))
      expect(theirs).toMatchObject(claims)
    })
  }

  it("writes the same claim order and header as @auth/core", async () => {
    at(1_800_000_000)
    const input = { sub: "1", iat: 5, name: "n", nested: { b: 1, a: 2 }, exp: 7 }
    const ours = await encode({ token: input, secret: INTEROP_SECRET, salt: SALT, maxAge: 99 })
    const theirs = await authjsEncode({ token: input, secret: INTEROP_SECRET, salt: SALT, maxAge: 99 })
    expect(ours.split(".")[0]).toBe(theirs.split(".")[0])
    const a = (await authjsDecode({ token: ours, secret: INTEROP_SECRET, salt: SALT }))!
    const b = (await authjsDecode({ token: theirs, secret: INTEROP_SECRET, salt: SALT }))!
    expect(Object.keys(a)).toEqual(Object.keys(b))
    expect({ ...a, jti: "" }).toEqual({ ...b, jti: "" })
  })

  it("rotates secrets the same way in both directions", async () => {
    const secret = [NEW_SECRET, OLD_SECRET]
    const oldToken = await authjsEncode({ token: claims, secret: OLD_SECRET, salt: SALT })
    await expect(decode({ token: oldToken, secret, salt: SALT })).resolves.toMatchObject(claims)
    const ours = await encode({ token: claims, secret, salt: SALT })
    await expect(authjsDecode({ token: ours, secret: NEW_SECRET, salt: SALT })).resolves.toMatchObject(claims)
    await expect(authjsDecode({ token: ours, secret: OLD_SECRET, salt: SALT })).rejects.toThrow("no matching decryption secret")
  })

  it("fails where @auth/core fails, with the same error", async () => {
    const token = await authjsEncode({ token: claims, secret: INTEROP_SECRET, salt: SALT })
    const parts = token.split(".")
    const variants = [
      parts.map((p, i) => (i === 3 ? `${p.slice(0, 4)}${p[4] === "A" ? "B" : "A"}${p.slice(5)}` : p)).join("."),
      parts.map((p, i) => (i === 4 ? `${p[0] === "A" ? "B" : "A"}${p.slice(1)}` : p)).join("."),
      parts.map((p, i) => (i === 2 ? `${p}==` : p)).join("."), // padded IV: decodes the same
      "garbage",
      `${token}.`,
    ]
    for (const variant of variants) {
      const theirs = await failure(() => authjsDecode({ token: variant, secret: INTEROP_SECRET, salt: SALT })).catch(() => "ok")
      const ours = await failure(() => decode({ token: variant, secret: INTEROP_SECRET, salt: SALT })).catch(() => "ok")
      expect(ours, variant.slice(-30)).toBe(theirs)
    }
  })
})

describe("vectors: derived keys", () => {
  for (const v of vectors.derived_keys) {
    it(`matches ${v.enc} for salt ${v.salt} and secret ${v.secret.slice(0, 12)}…`, () => {
      const key = deriveSessionKey(v.secret, v.salt, v.enc)
      expect(Buffer.from(key.bytes).toString("hex")).toBe(v.key_hex)
      expect(Buffer.from(key.bytes).toString("base64url")).toBe(v.key_base64url)
      expect(key.bytes).toHaveLength(v.length)
      expect(key.kid).toBe(v.kid)
    })
  }
})

describe("vectors: jwt", () => {
  for (const v of vectors.jwt) {
    it(`decodes ${v.id} to the recorded claims`, async () => {
      if (v.needs_clock) at(v.clock_epoch_seconds!)
      const expected = v.decoded ?? v.decoded_by_authjs
      expect(expected).toBeDefined()
      await expect(decode({ token: v.encoded, secret: v.secret, salt: v.salt })).resolves.toEqual(expected)
    })
  }

  it("needs the clock for the 30-day vector", async () => {
    const v = jwtVector("session-http-default-maxage")
    const exp = v.decoded!.exp as number
    at(exp + 14)
    await expect(decode({ token: v.encoded, secret: v.secret, salt: v.salt })).resolves.toEqual(v.decoded)
    at(exp + 15)
    await expect(decode({ token: v.encoded, secret: v.secret, salt: v.salt })).rejects.toThrow('"exp" claim timestamp check failed')
  })

  it("honours the recorded rotation checks", async () => {
    const array = jwtVector("rotation-encoded-with-array")
    await expect(decode({ token: array.encoded, secret: [NEW_SECRET, OLD_SECRET], salt: SALT })).resolves.toEqual(array.decoded)
    await expect(decode({ token: array.encoded, secret: NEW_SECRET, salt: SALT })).resolves.toEqual(array.decoded)
    expect(await failure(() => decode({ token: array.encoded, secret: OLD_SECRET, salt: SALT }))).toBe(
      array.decode_checks!.with_old_only!.error,
    )
    const old = jwtVector("rotation-old-token")
    await expect(decode({ token: old.encoded, secret: [NEW_SECRET, OLD_SECRET], salt: SALT })).resolves.toEqual(
      old.decode_checks!.with_new_then_old!.value,
    )
  })

  it("uses only the first secret for the kid-less vector", async () => {
    const v = jwtVector("no-kid-header")
    expect(await failure(() => decode({ token: v.encoded, secret: [NEW_SECRET, INTEROP_SECRET], salt: SALT }))).toBe(
      v.decode_with_other_secret_first!.error,
    )
  })

  for (const v of vectors.jwt_negative) {
    it(`rejects ${v.id} with the error @auth/core raised`, async () => {
      expect(await failure(() => decode({ token: v.encoded, ...v.decode_with }))).toBe(v.authjs_result)
    })
  }
})

describe("vectors: csrf", () => {
  for (const v of vectors.csrf) {
    it(`reproduces and accepts ${v.id}`, () => {
      const secretString = String(v.secret)
      if (v.hash_secret_string) expect(secretString).toBe(v.hash_secret_string)
      expect(`${v.token}${secretString}`).toBe(v.hash_input)
      expect(csrfHash(v.token, secretString)).toBe(v.hash)
      expect(`${v.token}|${v.hash}`).toBe(v.cookie_value_decoded)
      if (v.cookie_value_on_wire) expect(encodeURIComponent(v.cookie_value_decoded)).toBe(v.cookie_value_on_wire)
      if (v.json_body) expect(v.json_body.csrfToken).toBe(v.token)

      const name = v.cookie_name ?? "authjs.csrf-token"
      const cookieHeader = v.cookie_header_sent ?? `${name}=${v.cookie_value_on_wire}`
      const cookieValue = parseCookieHeader(cookieHeader)[name]
      const state = createCsrf({ cookieValue, secretString, isPost: true, bodyToken: v.token })
      expect(state).toEqual({ token: v.token, verified: true })
      // Auth.js also accepts the "|" un-encoded.
      const raw = parseCookieHeader(`${name}=${v.cookie_value_decoded}`)[name]
      expect(createCsrf({ cookieValue: raw, secretString, isPost: true, bodyToken: v.token }).verified).toBe(true)
    })
  }

  it("rejects the deterministic vector with a bad hash (MissingCSRF in Auth.js)", () => {
    const v = vectors.csrf.find((c) => c.id === "csrf-deterministic")!
    const badHash = `${v.token}|${"0".repeat(64)}`
    const state = createCsrf({ cookieValue: badHash, secretString: INTEROP_SECRET, isPost: true, bodyToken: v.token })
    expect(state.verified).toBe(false)
    expect(state.token).not.toBe(v.token)
    expect(state.cookieValue).toBeDefined()
  })

  it("does not accept an array secret's cookie under its first element alone", () => {
    const v = vectors.csrf.find((c) => c.id === "csrf-array-secret")!
    const state = createCsrf({ cookieValue: v.cookie_value_decoded, secretString: NEW_SECRET, isPost: true, bodyToken: v.token })
    expect(state.verified).toBe(false)
  })
})

describe("vectors: check cookies", () => {
  const issuedAt = vectors.about.generated_at_epoch_seconds
  for (const provider of vectors.check_cookies) {
    for (const cookie of provider.cookies.filter((c) => c.value !== undefined)) {
      it(`decodes ${provider.provider} ${cookie.name} with salt = cookie name`, async () => {
        at(issuedAt)
        expect(cookie.salt).toBe(cookie.name)
        const decoded = await decode({ token: cookie.value!, secret: INTEROP_SECRET, salt: cookie.salt! })
        expect(decoded).toEqual(cookie.decoded)
        await expect(decode({ token: cookie.value!, secret: INTEROP_SECRET, salt: SALT })).rejects.toThrow(
          "no matching decryption secret",
        )
        if (cookie.state_param_decoded_with_salt_encodedState) {
          const state = await decode({ token: decoded!.value as string, secret: INTEROP_SECRET, salt: "encodedState" })
          expect(state).toEqual(cookie.state_param_decoded_with_salt_encodedState)
        }
      })
    }
  }

  it("expires check cookies after their 15 minutes (+15 s)", async () => {
    const cookie = vectors.check_cookies[0]!.cookies.find((c) => c.value)!
    at((cookie.decoded!.exp as number) + 15)
    await expect(decode({ token: cookie.value!, secret: INTEROP_SECRET, salt: cookie.salt! })).rejects.toThrow("exp")
  })
})

describe("vectors: chunked session cookie", () => {
  const { chunking } = vectors

  it("reassembles the chunks in any order and decodes the claims", async () => {
    at(chunking.decoded_claims_without_big.iat as number)
    const forward = Object.fromEntries(chunking.chunks.map((c) => [c.name, c.value]))
    const reversed = Object.fromEntries([...chunking.chunks].reverse().map((c) => [c.name, c.value]))
    for (const cookies of [forward, reversed]) {
      const read = readSessionCookie(cookies, chunking.salt)
      expect(read.value).toHaveLength(chunking.joined_length)
      expect(read.names).toEqual(["authjs.session-token.0", "authjs.session-token.1"])
      const decoded = await decode({ token: read.value!, secret: chunking.secret, salt: chunking.salt })
      expect({ ...decoded, big: "<3500 x's>" }).toEqual(chunking.decoded_claims_without_big)
      expect(decoded!.big).toBe("x".repeat(3500))
    }
  })

  it("splits the joined value into the same chunks Auth.js wrote", () => {
    const joined = chunking.chunks.map((c) => c.value).join("")
    const def = defaultCookies(false).sessionToken
    const expiresAttr = chunking.chunks[0]!.attributes.find((a) => a.startsWith("Expires="))!
    const written = writeSessionCookie(joined, def, [], new Date(expiresAttr.slice("Expires=".length)))
    expect(written.map((c) => [c.name, c.value])).toEqual(chunking.chunks.map((c) => [c.name, c.value]))
    expect(written.map((c) => c.value.length)).toEqual(chunking.chunks.map((c) => c.length))
    expect(chunking.chunk_size_chars).toBe(3936)
  })
})

describe("@auth/core/jwt interop under fuzzing (#9)", () => {
  const salt = fc.constantFrom(SALT, SECURE_SALT, "authjs.session-token.0", "")
  const secret = fc.constantFrom<string | string[]>(INTEROP_SECRET, [NEW_SECRET, OLD_SECRET], [OLD_SECRET, NEW_SECRET])
  const claimSet = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 })

  /** `{ ok: claims }` or `{ error: "Name: message" }`, comparable across implementations. */
  async function outcome(run: () => Promise<unknown>): Promise<unknown> {
    try {
      return { ok: await run() }
    } catch (error) {
      const e = error as Error
      return { error: `${e.name}: ${e.message}` }
    }
  }

  it("decodes what @auth/core encodes, and @auth/core decodes what we encode, for any claims", async () => {
    await fc.assert(
      fc.asyncProperty(claimSet, salt, secret, async (token, s, key) => {
        const theirs = await authjsEncode({ token, secret: key, salt: s })
        const ours = await encode({ token, secret: key, salt: s })
        for (const jwt of [theirs, ours]) {
          const a = await outcome(() => decode({ token: jwt, secret: key, salt: s }))
          expect(a).toEqual(await outcome(() => authjsDecode({ token: jwt, secret: key, salt: s })))
          expect(a).toHaveProperty("ok")
        }
      }),
      { numRuns: 100 },
    )
  })

  it("accepts and rejects tampered @auth/core tokens exactly as @auth/core does", async () => {
    const token = await authjsEncode({ token: claims, secret: INTEROP_SECRET, salt: SALT })
    const edit = fc.tuple(fc.constantFrom(0, 2, 3, 4), fc.nat(), fc.integer({ min: 0, max: 7 }), fc.boolean())
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 2 }), async (edits) => {
        const parts = token.split(".")
        for (const [segment, at, bit, last] of edits) {
          const bytes = Buffer.from(parts[segment]!, "base64url")
          bytes[last ? bytes.length - 1 : at % bytes.length]! ^= 1 << bit
          parts[segment] = bytes.toString("base64url")
        }
        const variant = parts.join(".")
        const ours = await outcome(() => decode({ token: variant, secret: INTEROP_SECRET, salt: SALT }))
        expect(ours).toEqual(await outcome(() => authjsDecode({ token: variant, secret: INTEROP_SECRET, salt: SALT })))
        // Two flips of the same bit cancel out; any real change must be refused.
        if (variant !== token) expect(ours).toHaveProperty("error")
      }),
      { numRuns: 200 },
    )
  })
})
