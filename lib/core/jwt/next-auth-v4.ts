import { createDecipheriv, randomUUID } from "node:crypto"
import type { JWTPayload } from "jose"
// Only jose's error classes up front: see jwt.ts on start-up cost.
import * as errors from "jose/errors"
import type { JWTDecodeParams, JWTEncodeParams } from "../config/session-options.js"
import { readClaims } from "./jwe-cbc-hs512.js"
import { DEFAULT_JWT_MAX_AGE } from "../config/defaults.js"
import type { JWT } from "../vocabulary/models.js"
import { nextAuthV4Key } from "./next-auth-v4-key.js"

/*
 * The session token of NextAuth v4 (next-auth 4.24): a compact JWE, alg "dir", enc "A256GCM", header
 * {"alg":"dir","enc":"A256GCM"} (no kid), key from next-auth-v4-key.ts, claims checked with 15 s of
 * clock tolerance. The salt our codec signature carries is ignored: v4's key does not depend on the
 * cookie name.
 *
 * The header v4 writes takes a node:crypto path (the session check runs per request); any other
 * header goes to jose, restricted to dir + A256GCM. v4 itself lets jose pick any algorithm its
 * 32-byte key fits (A128CBC-HS256, A256KW, ...), which v4 never writes: we accept only what it writes.
 */

/** `{"alg":"dir","enc":"A256GCM"}` as jose serializes it: the only header NextAuth v4 writes. */
const V4_HEADER = Buffer.from(JSON.stringify({ alg: "dir", enc: "A256GCM" })).toString("base64url")
const V4_AAD = Buffer.from(V4_HEADER, "latin1")

const CLOCK_TOLERANCE = 15
const BASE64URL = /^[A-Za-z0-9_-]+$/

let encryptModule: Promise<typeof import("jose/jwt/encrypt")> | undefined
let decryptModule: Promise<typeof import("jose/jwt/decrypt")> | undefined

function secretList(secret: string | string[]): readonly string[] {
  return Array.isArray(secret) ? secret : [secret]
}

/**
 * Decrypts a NextAuth v4 session token: null for an empty token, the claims otherwise. Without a
 * kid every secret is tried in order (v4 has one secret; a list lets an API accept the old and the
 * new one during a rotation). Throws when no secret decrypts it, or it is malformed or expired.
 */
export async function decodeNextAuthV4(params: Pick<JWTDecodeParams, "token" | "secret">): Promise<JWT | null> {
  const { token, secret } = params
  if (!token) return null
  const secrets = secretList(secret)
  if (secrets.length === 0) throw new TypeError("secret must be a non-empty string or array")
  const parts = typeof token === "string" ? parseV4Token(token) : undefined
  if (parts) return readClaims(decryptWithAny(parts, secrets), CLOCK_TOLERANCE) as JWT
  return decodeWithJose(token, secrets)
}

/**
 * Encrypts `token` as NextAuth v4 does, with the first secret: fresh `iat`, `exp` (now + maxAge)
 * and `jti`. Only `createTestSession` uses it: an API in companion mode never issues sessions.
 */
export async function encodeNextAuthV4(params: Pick<JWTEncodeParams, "token" | "secret" | "maxAge">): Promise<string> {
  const { token = {}, secret, maxAge = DEFAULT_JWT_MAX_AGE } = params
  const first = secretList(secret)[0]
  if (first === undefined) throw new TypeError("secret must be a non-empty string or array")
  const now = Math.floor(Date.now() / 1000)
  const { EncryptJWT } = await (encryptModule ??= import("jose/jwt/encrypt"))
  return new EncryptJWT(token as JWTPayload)
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .setIssuedAt(now)
    .setExpirationTime(now + maxAge)
    .setJti(randomUUID())
    .encrypt(nextAuthV4Key(first))
}

interface V4Parts {
  iv: Buffer
  ciphertext: Buffer
  tag: Buffer
}

/** The token's parts when it has exactly v4's header and well-formed segments; undefined otherwise. */
function parseV4Token(token: string): V4Parts | undefined {
  const parts = token.split(".")
  if (parts.length !== 5) return undefined
  const [header, encryptedKey, iv, ciphertext, tag] = parts as [string, string, string, string, string]
  // 96-bit IV and 128-bit tag: 16 and 22 base64url characters.
  if (header !== V4_HEADER || encryptedKey !== "" || iv.length !== 16 || tag.length !== 22) return undefined
  if (!BASE64URL.test(iv) || !BASE64URL.test(tag) || !BASE64URL.test(ciphertext) || ciphertext.length % 4 === 1) {
    return undefined
  }
  return {
    iv: Buffer.from(iv, "base64url"),
    ciphertext: Buffer.from(ciphertext, "base64url"),
    tag: Buffer.from(tag, "base64url"),
  }
}

function decryptWithAny(parts: V4Parts, secrets: readonly string[]): Uint8Array {
  for (const secret of secrets) {
    const plaintext = decryptGcm(parts, nextAuthV4Key(secret))
    if (plaintext) return plaintext
  }
  throw new errors.JWEDecryptionFailed()
}

/** AES-256-GCM with the header as AAD; undefined when the tag does not verify. */
function decryptGcm({ iv, ciphertext, tag }: V4Parts, key: Uint8Array): Uint8Array | undefined {
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: 16 })
    decipher.setAAD(V4_AAD)
    decipher.setAuthTag(tag)
    return Buffer.concat([decipher.update(ciphertext), decipher.final()])
  } catch {
    return undefined
  }
}

/** Every other shape: jose is the reference, and produces the errors for malformed input. */
async function decodeWithJose(token: string, secrets: readonly string[]): Promise<JWT> {
  const { jwtDecrypt } = await (decryptModule ??= import("jose/jwt/decrypt"))
  let firstError: unknown
  for (const secret of secrets) {
    try {
      const { payload } = await jwtDecrypt(token, nextAuthV4Key(secret), {
        clockTolerance: CLOCK_TOLERANCE,
        keyManagementAlgorithms: ["dir"],
        contentEncryptionAlgorithms: ["A256GCM"],
      })
      return payload as JWT
    } catch (error) {
      // A wrong key and a malformed token fail alike; only a wrong key is worth the next secret.
      if (!(error instanceof errors.JWEDecryptionFailed)) throw error
      firstError ??= error
    }
  }
  throw firstError
}
