import { randomUUID } from "node:crypto"
import type { JWTPayload } from "jose"
import type { JWTDecodeParams, JWTEncodeParams } from "../config/session-options.js"
import type { VerifiedTokenCache } from "../config/types.js"
import { checkClaimTimes, decryptCbcHs512, parseCbcHs512, plaintextText, readClaimsText } from "./jwe-cbc-hs512.js"
import { isSessionEnc, sessionKey } from "./derive-key.js"
import type { SessionEnc, SessionKey } from "./derive-key.js"
import type { JWT } from "../vocabulary/models.js"
import { DEFAULT_JWT_MAX_AGE } from "../config/defaults.js"


/** Auth.js's leeway for `exp` and `nbf`, in seconds. */
const CLOCK_TOLERANCE = 15

const ALG = "dir"
const ENC = "A256CBC-HS512"

// jose's JWT encrypt and decrypt modules (with every key-management algorithm behind them) load on
// first use rather than at start-up: the usual decode never needs them (jwe-cbc-hs512.ts), and
// importing them is most of what this package would add to an app's boot time.
let encryptModule: Promise<typeof import("jose/jwt/encrypt")> | undefined
let decryptModule: Promise<typeof import("jose/jwt/decrypt")> | undefined

function secretList(secret: string | string[]): readonly string[] {
  return Array.isArray(secret) ? secret : [secret]
}

/**
 * Encrypts `token` as Auth.js does (§5.4): key from the first secret, header
 * `{alg:"dir",enc:"A256CBC-HS512",kid}`, and fresh `iat`, `exp` (now + maxAge) and `jti`
 * that replace any the caller passed.
 */
export async function encode(params: JWTEncodeParams): Promise<string> {
  const { token = {}, secret, salt, maxAge = DEFAULT_JWT_MAX_AGE } = params
  const first = secretList(secret)[0]
  if (first === undefined) throw new TypeError("secret must be a non-empty string or array")
  const key = sessionKey(first, salt, ENC)
  // One clock read for both claims. Auth.js truncates `exp` to 32 bits; we do not (§14 #11).
  const now = Math.floor(Date.now() / 1000)
  const { EncryptJWT } = await (encryptModule ??= import("jose/jwt/encrypt"))
  return new EncryptJWT(token as JWTPayload)
    .setProtectedHeader({ alg: ALG, enc: ENC, kid: key.kid })
    .setIssuedAt(now)
    .setExpirationTime(now + maxAge)
    .setJti(randomUUID())
    .encrypt(key.bytes)
}

/**
 * Decrypts an Auth.js session token (§5.5): null for an empty token, the claims otherwise.
 * Throws, as Auth.js does, when the token is malformed, no secret's `kid` matches, the tag
 * does not verify or the token has expired (15 s tolerance).
 */
export async function decode(params: JWTDecodeParams): Promise<JWT | null> {
  const { token, secret, salt } = params
  if (!token) return null
  const secrets = secretList(secret)
  const fast = decodeAuthjsShape(token, secrets, salt)
  if (fast) return fast
  // Everything that is not the plain Auth.js shape (A256GCM, extra header members, odd
  // encodings) goes through jose, which also produces the errors for malformed input.
  const { jwtDecrypt } = await (decryptModule ??= import("jose/jwt/decrypt"))
  const { payload } = await jwtDecrypt(
    token,
    ({ enc, kid }) => {
      if (!isSessionEnc(enc)) throw new Error("Unsupported JWT Content Encryption Algorithm")
      return selectKey(secrets, salt, enc, kid).bytes
    },
    {
      clockTolerance: CLOCK_TOLERANCE,
      keyManagementAlgorithms: [ALG],
      contentEncryptionAlgorithms: [ENC, "A256GCM"],
    },
  )
  return payload as JWT
}

/**
 * `decode`'s synchronous part: the claims when `token` has the shape Auth.js writes, decoded with
 * node:crypto; undefined when it has another shape (then only `decode` can read it, with jose).
 * Throws as `decode` does. The session check calls it directly when `decode` is the configured
 * codec, which saves the promises of an async call on every request, and passes its cache of
 * verified tokens (see verified-tokens.ts), which saves the crypto for a cookie it has seen.
 */
export function decodeAuthjsShape(
  token: unknown,
  secrets: readonly string[],
  salt: string,
  verified?: VerifiedTokenCache,
): JWT | undefined {
  if (typeof token !== "string") return undefined
  if (verified) {
    const held = verified.get(token, (kid) => findKey(secrets, salt, ENC, kid))
    if (held) {
      return (held.flat ? checkClaimTimes({ ...held.flat }, CLOCK_TOLERANCE) : readClaimsText(held.text, CLOCK_TOLERANCE)) as JWT
    }
  }
  const jwe = parseCbcHs512(token)
  if (!jwe) return undefined
  const key = selectKey(secrets, salt, ENC, jwe.kid)
  const text = plaintextText(decryptCbcHs512(jwe, key.bytes))
  const claims = readClaimsText(text, CLOCK_TOLERANCE) as JWT
  verified?.add(token, key, jwe.kid, text, claims)
  return claims
}

/**
 * The `kid` picks the secret; there is no retry after a failed decryption. Without a `kid`
 * only the first secret is used (Auth.js quirk, kept so the same tokens decode, §14 #2).
 */
function selectKey(
  secrets: readonly string[],
  salt: string,
  enc: SessionEnc,
  kid: string | undefined,
): SessionKey {
  const key = findKey(secrets, salt, enc, kid)
  if (!key) throw new Error("no matching decryption secret")
  return key
}

function findKey(secrets: readonly string[], salt: string, enc: SessionEnc, kid: string | undefined): SessionKey | undefined {
  for (const secret of secrets) {
    const key = sessionKey(secret, salt, enc)
    if (kid === undefined || key.kid === kid) return key
  }
  return undefined
}
