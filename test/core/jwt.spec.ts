import { CompactEncrypt, EncryptJWT, base64url, decodeProtectedHeader, errors } from "jose"
import { afterEach, describe, expect, it, vi } from "vitest"
import { decode, encode } from "../../lib/core/jwt/encode-decode.js"
import { DEFAULT_JWT_MAX_AGE } from "../../lib/core/config/defaults.js"
import { deriveSessionKey, sessionKey } from "../../lib/core/jwt/derive-key.js"
import { INTEROP_SECRET, NEW_SECRET, OLD_SECRET } from "../utils/authjs-vectors.js"

const SALT = "authjs.session-token"
const SECURE_SALT = "__Secure-authjs.session-token"
const claims = { name: "Alice", email: "alice@example.com", picture: "https://example.com/a.png", sub: "user-1" }

function at(epochSeconds: number): void {
  vi.useFakeTimers({ toFake: ["Date"] })
  vi.setSystemTime(epochSeconds * 1000)
}

afterEach(() => {
  vi.useRealTimers()
})

/** Replaces one character of a segment so the decoded bytes change. */
function tamper(token: string, segment: number, at = 5): string {
  const parts = token.split(".")
  const s = parts[segment]!
  const c = s[at] === "A" ? "B" : "A"
  parts[segment] = s.slice(0, at) + c + s.slice(at + 1)
  return parts.join(".")
}

describe("encode", () => {
  it("writes the Auth.js protected header, member order included", async () => {
    const token = await encode({ token: claims, secret: INTEROP_SECRET, salt: SALT })
    const [header, encryptedKey, iv, , tag] = token.split(".")
    const kid = deriveSessionKey(INTEROP_SECRET, SALT, "A256CBC-HS512").kid
    expect(Buffer.from(header!, "base64url").toString()).toBe(`{"alg":"dir","enc":"A256CBC-HS512","kid":"${kid}"}`)
    expect(header).toHaveLength(174)
    expect(encryptedKey).toBe("")
    expect(iv).toHaveLength(22)
    expect(tag).toHaveLength(43)
  })

  it("sets iat, exp = iat + maxAge and a fresh UUID jti, replacing caller values", async () => {
    at(1_800_000_000)
    const token = await encode({
      token: { ...claims, iat: 1, exp: 2, jti: "mine" },
      secret: INTEROP_SECRET,
      salt: SALT,
      maxAge: 60,
    })
    const out = await decode({ token, secret: INTEROP_SECRET, salt: SALT })
    expect(out).toMatchObject({ ...claims, iat: 1_800_000_000, exp: 1_800_000_060 })
    expect(out?.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    const again = await decode({ token: await encode({ token: claims, secret: INTEROP_SECRET, salt: SALT }), secret: INTEROP_SECRET, salt: SALT })
    expect(again?.jti).not.toBe(out?.jti)
  })

  it("defaults maxAge to 30 days", async () => {
    at(1_800_000_000)
    const out = await decode({ token: await encode({ token: {}, secret: INTEROP_SECRET, salt: SALT }), secret: INTEROP_SECRET, salt: SALT })
    expect(DEFAULT_JWT_MAX_AGE).toBe(2_592_000)
    expect(out?.exp).toBe(1_800_000_000 + 2_592_000)
  })

  it("does not truncate time to 32 bits after 2038", async () => {
    at(2_500_000_000)
    const token = await encode({ token: {}, secret: INTEROP_SECRET, salt: SALT, maxAge: 100 })
    const out = await decode({ token, secret: INTEROP_SECRET, salt: SALT })
    expect(out).toMatchObject({ iat: 2_500_000_000, exp: 2_500_000_100 })
  })

  it("encrypts with the first secret of a list", async () => {
    const token = await encode({ token: claims, secret: [NEW_SECRET, OLD_SECRET], salt: SALT })
    expect(decodeProtectedHeader(token).kid).toBe(deriveSessionKey(NEW_SECRET, SALT, "A256CBC-HS512").kid)
  })

  it("rejects an empty secret list", async () => {
    await expect(encode({ token: claims, secret: [], salt: SALT })).rejects.toThrow(TypeError)
  })
})

describe("decode", () => {
  it("round-trips claims of any JSON type", async () => {
    const rich = { ...claims, n: 1.5, list: [1, "two", { three: true }], nested: { empty: {} }, none: null, uni: "Zoë 🚀" }
    const out = await decode({ token: await encode({ token: rich, secret: INTEROP_SECRET, salt: SALT }), secret: INTEROP_SECRET, salt: SALT })
    expect(out).toMatchObject(rich)
  })

  it("returns null for an empty or missing token", async () => {
    await expect(decode({ token: "", secret: INTEROP_SECRET, salt: SALT })).resolves.toBeNull()
    await expect(decode({ secret: INTEROP_SECRET, salt: SALT })).resolves.toBeNull()
  })

  it("decodes with every secret of a rotation list, selected by kid", async () => {
    const fromNew = await encode({ token: claims, secret: [NEW_SECRET, OLD_SECRET], salt: SALT })
    const fromOld = await encode({ token: claims, secret: OLD_SECRET, salt: SALT })
    await expect(decode({ token: fromNew, secret: [NEW_SECRET, OLD_SECRET], salt: SALT })).resolves.toMatchObject(claims)
    await expect(decode({ token: fromOld, secret: [NEW_SECRET, OLD_SECRET], salt: SALT })).resolves.toMatchObject(claims)
    await expect(decode({ token: fromNew, secret: NEW_SECRET, salt: SALT })).resolves.toMatchObject(claims)
    await expect(decode({ token: fromNew, secret: OLD_SECRET, salt: SALT })).rejects.toThrow("no matching decryption secret")
    await expect(decode({ token: fromOld, secret: NEW_SECRET, salt: SALT })).rejects.toThrow("no matching decryption secret")
  })

  it("derives a different key per cookie name (salt)", async () => {
    const http = await encode({ token: claims, secret: INTEROP_SECRET, salt: SALT })
    const https = await encode({ token: claims, secret: INTEROP_SECRET, salt: SECURE_SALT })
    await expect(decode({ token: https, secret: INTEROP_SECRET, salt: SECURE_SALT })).resolves.toMatchObject(claims)
    await expect(decode({ token: http, secret: INTEROP_SECRET, salt: SECURE_SALT })).rejects.toThrow("no matching decryption secret")
    await expect(decode({ token: https, secret: INTEROP_SECRET, salt: SALT })).rejects.toThrow("no matching decryption secret")
  })

  it("accepts exp up to 15 s in the past and no further", async () => {
    at(1_800_000_000)
    const token = await encode({ token: claims, secret: INTEROP_SECRET, salt: SALT, maxAge: 60 })
    at(1_800_000_074)
    await expect(decode({ token, secret: INTEROP_SECRET, salt: SALT })).resolves.toMatchObject(claims)
    at(1_800_000_075)
    await expect(decode({ token, secret: INTEROP_SECRET, salt: SALT })).rejects.toBeInstanceOf(errors.JWTExpired)
  })

  it("accepts nbf up to 15 s in the future and no further", async () => {
    at(1_800_000_000)
    const ok = await encode({ token: { nbf: 1_800_000_015 }, secret: INTEROP_SECRET, salt: SALT })
    const early = await encode({ token: { nbf: 1_800_000_016 }, secret: INTEROP_SECRET, salt: SALT })
    await expect(decode({ token: ok, secret: INTEROP_SECRET, salt: SALT })).resolves.toMatchObject({ nbf: 1_800_000_015 })
    await expect(decode({ token: early, secret: INTEROP_SECRET, salt: SALT })).rejects.toThrow('"nbf" claim timestamp check failed')
  })

  it("rejects non-numeric time claims", async () => {
    for (const claim of ["nbf", "iat"]) {
      const key = sessionKey(INTEROP_SECRET, SALT, "A256CBC-HS512")
      const token = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify({ [claim]: "soon" })))
        .setProtectedHeader({ alg: "dir", enc: "A256CBC-HS512", kid: key.kid })
        .encrypt(key.bytes)
      await expect(decode({ token, secret: INTEROP_SECRET, salt: SALT })).rejects.toThrow(`"${claim}" claim must be a number`)
    }
  })

  it("decodes A256GCM tokens keyed with the 32-byte derivation", async () => {
    const key = deriveSessionKey(INTEROP_SECRET, SALT, "A256GCM")
    expect(key.bytes).toHaveLength(32)
    expect(key.kid).toHaveLength(43)
    const token = await new EncryptJWT(claims).setProtectedHeader({ alg: "dir", enc: "A256GCM", kid: key.kid }).setExpirationTime("1h").encrypt(key.bytes)
    await expect(decode({ token, secret: [NEW_SECRET, INTEROP_SECRET], salt: SALT })).resolves.toMatchObject(claims)
    await expect(decode({ token, secret: NEW_SECRET, salt: SALT })).rejects.toThrow("no matching decryption secret")
  })

  it("uses only the first secret when the header has no kid", async () => {
    const key = deriveSessionKey(INTEROP_SECRET, SALT, "A256CBC-HS512")
    const token = await new EncryptJWT(claims).setProtectedHeader({ alg: "dir", enc: "A256CBC-HS512" }).encrypt(key.bytes)
    await expect(decode({ token, secret: [INTEROP_SECRET, NEW_SECRET], salt: SALT })).resolves.toMatchObject(claims)
    await expect(decode({ token, secret: [NEW_SECRET, INTEROP_SECRET], salt: SALT })).rejects.toBeInstanceOf(errors.JWEDecryptionFailed)
  })

  it("rejects a token changed in any segment", async () => {
    const token = await encode({ token: claims, secret: INTEROP_SECRET, salt: SALT })
    for (const segment of [0, 2, 3, 4]) {
      for (const position of [1, 10, 20]) {
        await expect(decode({ token: tamper(token, segment, position), secret: INTEROP_SECRET, salt: SALT })).rejects.toThrow()
      }
    }
    // A non-empty encrypted key is not allowed with "dir".
    const parts = token.split(".")
    parts[1] = "AAAA"
    await expect(decode({ token: parts.join("."), secret: INTEROP_SECRET, salt: SALT })).rejects.toThrow()
  })

  it("rejects garbage and truncated tokens", async () => {
    const token = await encode({ token: claims, secret: INTEROP_SECRET, salt: SALT })
    for (const bad of ["garbage", "a.b.c.d.e", token.slice(0, -1), `${token}.x`, token.split(".").slice(0, 4).join("."), "....", "%%%%"]) {
      await expect(decode({ token: bad, secret: INTEROP_SECRET, salt: SALT })).rejects.toThrow()
    }
  })

  it("rejects other algorithms and encryptions", async () => {
    const key = deriveSessionKey(INTEROP_SECRET, SALT, "A256CBC-HS512")
    const a128 = await new EncryptJWT(claims)
      .setProtectedHeader({ alg: "dir", enc: "A128CBC-HS256", kid: key.kid })
      .encrypt(key.bytes.subarray(0, 32))
    await expect(decode({ token: a128, secret: INTEROP_SECRET, salt: SALT })).rejects.toBeInstanceOf(errors.JOSEAlgNotAllowed)
    const kw = await new EncryptJWT(claims)
      .setProtectedHeader({ alg: "A256KW", enc: "A256CBC-HS512", kid: key.kid })
      .encrypt(key.bytes.subarray(0, 32))
    await expect(decode({ token: kw, secret: INTEROP_SECRET, salt: SALT })).rejects.toBeInstanceOf(errors.JOSEAlgNotAllowed)
  })

  it("still decodes tokens whose header carries extra members (through jose)", async () => {
    const key = sessionKey(INTEROP_SECRET, SALT, "A256CBC-HS512")
    const token = await new EncryptJWT(claims)
      .setProtectedHeader({ alg: "dir", enc: "A256CBC-HS512", kid: key.kid, typ: "JWT" })
      .encrypt(key.bytes)
    await expect(decode({ token, secret: INTEROP_SECRET, salt: SALT })).resolves.toMatchObject(claims)
  })

  it("rejects a claims set that is not a JSON object", async () => {
    const key = sessionKey(INTEROP_SECRET, SALT, "A256CBC-HS512")
    for (const body of ["[1,2]", "null", "42", "not json"]) {
      const token = await new CompactEncrypt(new TextEncoder().encode(body))
        .setProtectedHeader({ alg: "dir", enc: "A256CBC-HS512", kid: key.kid })
        .encrypt(key.bytes)
      await expect(decode({ token, secret: INTEROP_SECRET, salt: SALT })).rejects.toBeInstanceOf(errors.JWTInvalid)
    }
  })
})

describe("sessionKey", () => {
  it("serves the cached key for the same (secret, salt, enc)", () => {
    const a = sessionKey(INTEROP_SECRET, SALT, "A256CBC-HS512")
    expect(sessionKey(INTEROP_SECRET, SALT, "A256CBC-HS512")).toBe(a)
    expect(sessionKey(INTEROP_SECRET, SECURE_SALT, "A256CBC-HS512")).not.toBe(a)
    expect(base64url.encode(sessionKey(INTEROP_SECRET, SALT, "A256GCM").bytes)).toBe(base64url.encode(a.bytes.subarray(0, 32)))
  })

  it("keeps ids unambiguous when salt and secret share characters", () => {
    const a = sessionKey("c", "a:b", "A256CBC-HS512")
    const b = sessionKey("b:c", "a", "A256CBC-HS512")
    expect(a.kid).not.toBe(b.kid)
  })

  it("stays correct when more combinations are used than the cache holds", () => {
    const first = deriveSessionKey(INTEROP_SECRET, "salt-0", "A256CBC-HS512")
    for (let i = 0; i < 200; i++) sessionKey(INTEROP_SECRET, `salt-${i}`, "A256CBC-HS512")
    expect(sessionKey(INTEROP_SECRET, "salt-0", "A256CBC-HS512").kid).toBe(first.kid)
  })
})
