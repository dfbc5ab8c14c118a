import { createDecipheriv, createHmac, timingSafeEqual } from "node:crypto"
// Only jose's error classes, not its entry point: see jwt.ts on start-up cost.
import * as errors from "jose/errors"

/*
 * A node:crypto decoder for the one shape Auth.js encoders emit: compact JWE, alg "dir",
 * enc "A256CBC-HS512" (RFC 7518 §5.2.2.2 and §5.2.5), protected header {alg, enc[, kid]}.
 * jose does the same through WebCrypto and imports the AES and HMAC keys on every call, which
 * makes it ~15x slower; the session check runs per request. `parseCbcHs512` only accepts
 * input that jose would read identically (strict base64url, exact lengths, no other header
 * member); everything else returns undefined and goes to jose, which stays the reference.
 */

export interface CbcHs512Jwe {
  kid: string | undefined
  /** The protected header segment: its ASCII bytes are the AAD. */
  header: string
  iv: Buffer
  ciphertext: Buffer
  tag: Buffer
}

/** What a valid protected header yields: the same for every token that carries it. */
interface HeaderInfo {
  kid: string | undefined
  /** The AAD (the header segment's ASCII bytes) and AL, its length in bits as 64-bit big-endian. */
  aad: Buffer
  aadBits: Buffer
}

const BASE64URL = /^[A-Za-z0-9_-]+$/
const utf8 = new TextDecoder("utf-8", { fatal: true })

/** Bits of the last character that carry no data, by `length % 4` (RFC 4648 §3.5: they must be zero). */
const UNUSED_BITS_MASK = [0, 0, 0b1111, 0b11] as const

/**
 * Strict base64url with zero unused bits: one spelling per byte string, so one token has one text
 * and can be one cache entry. Other spellings go to jose, which reads them, uncached.
 */
function isCanonical(segment: string | undefined): segment is string {
  if (segment === undefined || segment.length % 4 === 1 || !BASE64URL.test(segment)) return false
  const mask = UNUSED_BITS_MASK[segment.length % 4 as 0 | 2 | 3]
  return mask === 0 || (base64urlValue(segment.charCodeAt(segment.length - 1)) & mask) === 0
}

/** The 6-bit value of a base64url character already known to be in the alphabet. */
function base64urlValue(c: number): number {
  if (c >= 97) return c - 71 // a-z: 26..51
  if (c === 95) return 63 // "_"
  if (c >= 65) return c - 65 // A-Z: 0..25
  if (c >= 48) return c + 4 // 0-9: 52..61
  return 62 // "-"
}

// A deployment's tokens carry one protected header per secret (it differs only by kid), so each
// distinct valid header is checked and parsed once. The header is not secret and its checks are a
// pure function of the string; the bound keeps a flood of made-up headers from growing memory.
const HEADER_CACHE_LIMIT = 32
const headers = new Map<string, HeaderInfo>()

/** The header's kid and AAD when it is exactly {alg:"dir", enc:"A256CBC-HS512"[, kid]}; else undefined. */
function readHeader(header: string): HeaderInfo | undefined {
  const cached = headers.get(header)
  if (cached) return cached
  if (!isCanonical(header)) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(utf8.decode(Buffer.from(header, "base64url")))
  } catch {
    return undefined
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined
  let members = 0
  for (const name in parsed) {
    if (name !== "alg" && name !== "enc" && name !== "kid") return undefined
    members++
  }
  const { alg, enc, kid } = parsed as Record<string, unknown>
  if (alg !== "dir" || enc !== "A256CBC-HS512") return undefined
  if (kid === undefined ? members !== 2 : typeof kid !== "string" || members !== 3) return undefined
  const aad = Buffer.from(header, "latin1")
  const aadBits = Buffer.alloc(8)
  aadBits.writeBigUInt64BE(BigInt(aad.length * 8))
  const info: HeaderInfo = Object.freeze({ kid: kid as string | undefined, aad, aadBits })
  if (headers.size >= HEADER_CACHE_LIMIT) headers.delete(headers.keys().next().value as string)
  headers.set(header, info)
  return info
}

/** The token's parts when it is plain dir + A256CBC-HS512; undefined for anything else. */
export function parseCbcHs512(token: string): CbcHs512Jwe | undefined {
  const parts = token.split(".")
  if (parts.length !== 5) return undefined
  const [header, encryptedKey, iv, ciphertext, tag] = parts as [string, string, string, string, string]
  if (encryptedKey !== "" || iv.length !== 22 || tag.length !== 43) return undefined
  if (!isCanonical(iv) || !isCanonical(ciphertext) || !isCanonical(tag)) return undefined
  const info = readHeader(header)
  if (!info) return undefined
  return {
    kid: info.kid,
    header,
    iv: Buffer.from(iv, "base64url"),
    ciphertext: Buffer.from(ciphertext, "base64url"),
    tag: Buffer.from(tag, "base64url"),
  }
}

/** Verifies the HMAC-SHA-512/256 tag, then AES-256-CBC decrypts. Throws jose's JWEDecryptionFailed. */
export function decryptCbcHs512(jwe: CbcHs512Jwe, key: Uint8Array): Uint8Array {
  const header = readHeader(jwe.header)
  if (!header) throw new errors.JWEDecryptionFailed()
  const mac = createHmac("sha512", key.subarray(0, 32))
    .update(header.aad)
    .update(jwe.iv)
    .update(jwe.ciphertext)
    .update(header.aadBits)
    .digest()
    .subarray(0, 32)
  if (jwe.tag.length !== 32 || !timingSafeEqual(mac, jwe.tag)) throw new errors.JWEDecryptionFailed()
  try {
    const decipher = createDecipheriv("aes-256-cbc", key.subarray(32, 64), jwe.iv)
    return Buffer.concat([decipher.update(jwe.ciphertext), decipher.final()])
  } catch {
    throw new errors.JWEDecryptionFailed()
  }
}

/**
 * The claims checks `jwtDecrypt` runs with `{ clockTolerance }` and no other option, with jose's
 * error classes and messages: a top-level JSON object; `iat`, `nbf`, `exp` numbers when present;
 * `nbf` not in the future and `exp` not in the past, give or take the tolerance.
 */
export function readClaims(plaintext: Uint8Array, clockTolerance: number): Record<string, unknown> {
  return readClaimsText(plaintextText(plaintext), clockTolerance)
}

/** The plaintext as text; jose's error when it is not UTF-8. */
export function plaintextText(plaintext: Uint8Array): string {
  try {
    return utf8.decode(plaintext)
  } catch (cause) {
    throw new errors.JWTInvalid("JWT Claims Set must be a top-level JSON object", { cause })
  }
}

/** `readClaims` on a plaintext already decoded to text (as the verified-token cache holds it). */
export function readClaimsText(text: string, clockTolerance: number): Record<string, unknown> {
  let claims: unknown
  try {
    claims = JSON.parse(text)
  } catch (cause) {
    throw new errors.JWTInvalid("JWT Claims Set must be a top-level JSON object", { cause })
  }
  if (typeof claims !== "object" || claims === null || Array.isArray(claims)) {
    throw new errors.JWTInvalid("JWT Claims Set must be a top-level JSON object")
  }
  return checkClaimTimes(claims as Record<string, unknown>, clockTolerance)
}

/** `readClaims`'s checks of `iat`, `nbf` and `exp` on a claims object; returns it. */
export function checkClaimTimes(set: Record<string, unknown>, clockTolerance: number): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000)
  numericDate(set, "iat")
  const nbf = numericDate(set, "nbf")
  if (nbf !== undefined && nbf > now + clockTolerance) {
    throw new errors.JWTClaimValidationFailed('"nbf" claim timestamp check failed', set, "nbf", "check_failed")
  }
  const exp = numericDate(set, "exp")
  if (exp !== undefined && exp <= now - clockTolerance) {
    throw new errors.JWTExpired('"exp" claim timestamp check failed', set, "exp", "check_failed")
  }
  return set
}

function numericDate(set: Record<string, unknown>, claim: string): number | undefined {
  const value = set[claim]
  if (value === undefined) return undefined
  if (typeof value !== "number") {
    throw new errors.JWTClaimValidationFailed(`"${claim}" claim must be a number`, set, claim, "invalid")
  }
  return value
}
