import { CompactEncrypt, EncryptJWT, jwtDecrypt } from "jose"
import { afterEach, describe, expect, it, vi } from "vitest"
import { encode } from "../../lib/core/jwt/encode-decode.js"
import { decodeNextAuthV4, encodeNextAuthV4 } from "../../lib/core/jwt/next-auth-v4.js"
import { deriveNextAuthV4Key, nextAuthV4Key } from "../../lib/core/jwt/next-auth-v4-key.js"
import { readSessionCookie } from "../../lib/core/session/cookie-store.js"
import { v4Vectors as v } from "../utils/next-auth-v4-vectors.js"

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex")

function atRecordingTime(offsetSeconds = 5) {
  vi.useFakeTimers({ toFake: ["Date"] })
  vi.setSystemTime((v.recorded_at + offsetSeconds) * 1000)
}

/** Replaces one character of a segment with another valid base64url character. */
function tamper(token: string, index: number, at = 5): string {
  const parts = token.split(".")
  const segment = parts[index]!
  const swapped = segment[at] === "A" ? "B" : "A"
  parts[index] = segment.slice(0, at) + swapped + segment.slice(at + 1)
  return parts.join(".")
}

async function errorOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run()
  } catch (error) {
    return (error as Error).name
  }
  return "no error"
}

afterEach(() => {
  vi.useRealTimers()
})

describe("nextAuthV4Key", () => {
  it("derives the key NextAuth v4 derives (HKDF-SHA256, empty salt, its info string, 32 bytes)", () => {
    expect(hex(deriveNextAuthV4Key(v.secrets.main))).toBe(v.keys.main)
    expect(hex(deriveNextAuthV4Key(v.secrets.other))).toBe(v.keys.other)
    expect(hex(deriveNextAuthV4Key(v.secrets.unicode))).toBe(v.keys.unicode)
  })

  it("serves a secret's key from its cache", () => {
    expect(nextAuthV4Key(v.secrets.main)).toBe(nextAuthV4Key(v.secrets.main))
    expect(hex(nextAuthV4Key(v.secrets.main))).toBe(v.keys.main)
  })

  it("refuses an empty secret", () => {
    expect(() => deriveNextAuthV4Key("")).toThrow(TypeError)
  })
})

describe("decodeNextAuthV4", () => {
  it(`decodes the session tokens NextAuth v4 minted (${v.recorded_with})`, async () => {
    atRecordingTime()
    const main = await decodeNextAuthV4({ token: v.tokens.main, secret: v.secrets.main })
    expect(main).toMatchObject(v.claims)
    expect(main).toEqual(expect.objectContaining({ iat: expect.any(Number), exp: expect.any(Number), jti: expect.any(String) }))
    expect(await decodeNextAuthV4({ token: v.tokens.unicode, secret: v.secrets.unicode })).toMatchObject(v.claims)
  })

  it("gives the same claims as jose decrypting with v4's key (the fast path is not a second opinion)", async () => {
    atRecordingTime()
    for (const [name, secret] of [["main", v.secrets.main], ["other", v.secrets.other], ["unicode", v.secrets.unicode]] as const) {
      const ours = await decodeNextAuthV4({ token: v.tokens[name], secret })
      const { payload } = await jwtDecrypt(v.tokens[name], Buffer.from(v.keys[name], "hex"), { clockTolerance: 15 })
      expect(ours, name).toEqual(payload)
    }
  })

  it("reassembles v4's chunked cookies into the token it wrote", async () => {
    atRecordingTime()
    expect(v.big_chunks.map((c) => c.name)).toEqual(["next-auth.session-token.0", "next-auth.session-token.1", "next-auth.session-token.2"])
    // Cookies may arrive in any order; v4 sorts them by index, and so do we.
    const cookies = Object.fromEntries([...v.big_chunks].reverse().map((c) => [c.name, c.value]))
    const { value } = readSessionCookie(cookies, "next-auth.session-token")
    expect(value).toBe(v.tokens.big)
    const claims = await decodeNextAuthV4({ token: value, secret: v.secrets.main })
    expect(claims?.notes).toBe("difference engine ".repeat(400))
  })

  it("tries every secret, in order: the API may accept an old and a new secret during a rotation", async () => {
    atRecordingTime()
    expect(await decodeNextAuthV4({ token: v.tokens.main, secret: [v.secrets.other, v.secrets.main] })).toMatchObject(v.claims)
    expect(await decodeNextAuthV4({ token: v.tokens.other, secret: [v.secrets.other, v.secrets.main] })).toMatchObject(v.claims)
  })

  it("refuses a token made with another secret", async () => {
    atRecordingTime()
    expect(await errorOf(() => decodeNextAuthV4({ token: v.tokens.other, secret: v.secrets.main }))).toBe("JWEDecryptionFailed")
  })

  it("refuses any altered header, IV, ciphertext or tag", async () => {
    atRecordingTime()
    for (const index of [0, 2, 3, 4]) {
      const token = tamper(v.tokens.main, index, index === 0 ? 10 : 3)
      expect(await errorOf(() => decodeNextAuthV4({ token, secret: v.secrets.main })), `segment ${index}`).not.toBe("no error")
    }
  })

  it("honours exp with v4's 15 s of tolerance", async () => {
    atRecordingTime(60 + 10)
    expect(await decodeNextAuthV4({ token: v.tokens.short_lived, secret: v.secrets.main })).toMatchObject(v.claims)
    vi.setSystemTime((v.recorded_at + 60 + 17) * 1000)
    expect(await errorOf(() => decodeNextAuthV4({ token: v.tokens.short_lived, secret: v.secrets.main }))).toBe("JWTExpired")
  })

  it("answers null for an empty token", async () => {
    expect(await decodeNextAuthV4({ token: "", secret: v.secrets.main })).toBeNull()
    expect(await decodeNextAuthV4({ token: undefined, secret: v.secrets.main })).toBeNull()
  })

  it("reads other headers through jose, still only dir + A256GCM under v4's key", async () => {
    const key = nextAuthV4Key(v.secrets.main)
    const withKid = await new EncryptJWT({ sub: "u1" }).setProtectedHeader({ alg: "dir", enc: "A256GCM", kid: "k1" }).encrypt(key)
    expect(await decodeNextAuthV4({ token: withKid, secret: [v.secrets.other, v.secrets.main] })).toMatchObject({ sub: "u1" })
    // v4 would let jose accept these (its key fits them); v4 never writes them, so we do not read them.
    const cbc = await new EncryptJWT({ sub: "u1" }).setProtectedHeader({ alg: "dir", enc: "A128CBC-HS256" }).encrypt(key)
    expect(await errorOf(() => decodeNextAuthV4({ token: cbc, secret: v.secrets.main }))).toBe("JOSEAlgNotAllowed")
    const wrapped = await new EncryptJWT({ sub: "u1" }).setProtectedHeader({ alg: "A256KW", enc: "A256GCM" }).encrypt(key)
    expect(await errorOf(() => decodeNextAuthV4({ token: wrapped, secret: v.secrets.main }))).toBe("JOSEAlgNotAllowed")
  })

  it("refuses Auth.js tokens and tokens that are not JWE", async () => {
    const authjs = await encode({ token: { sub: "u1" }, secret: v.secrets.main, salt: "next-auth.session-token" })
    expect(await errorOf(() => decodeNextAuthV4({ token: authjs, secret: v.secrets.main }))).not.toBe("no error")
    for (const token of ["x", "a.b.c", "....", `${v.tokens.main}.x`]) {
      expect(await errorOf(() => decodeNextAuthV4({ token, secret: v.secrets.main })), token).not.toBe("no error")
    }
  })

  it("refuses a v4-shaped token whose plaintext is not a JSON object", async () => {
    const key = nextAuthV4Key(v.secrets.main)
    const notJson = await new CompactEncrypt(new TextEncoder().encode("[1]")).setProtectedHeader({ alg: "dir", enc: "A256GCM" }).encrypt(key)
    expect(notJson.startsWith("eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.")).toBe(true)
    expect(await errorOf(() => decodeNextAuthV4({ token: notJson, secret: v.secrets.main }))).toBe("JWTInvalid")
  })
})

describe("encodeNextAuthV4", () => {
  it("writes what v4 writes: its header, its key, iat, exp and jti", async () => {
    const token = await encodeNextAuthV4({ token: { sub: "u1" }, secret: [v.secrets.main, v.secrets.other], maxAge: 120 })
    expect(token.split(".")[0]).toBe(v.tokens.main.split(".")[0])
    const { payload } = await jwtDecrypt(token, Buffer.from(v.keys.main, "hex"))
    expect(payload).toMatchObject({ sub: "u1", jti: expect.any(String) })
    expect(payload.exp! - payload.iat!).toBe(120)
    expect(await decodeNextAuthV4({ token, secret: v.secrets.main })).toEqual(payload)
  })
})
