import { createHash, randomBytes, timingSafeEqual } from "node:crypto"

export interface CsrfState {
  /** The token to hand to the client (GET csrf, hidden form fields). */
  token: string
  /** `token|hash`, present only when a new token was minted and the cookie must be (re)sent. */
  cookieValue?: string
  /** True only for a POST whose body token equals the token of a genuine cookie. */
  verified: boolean
}

export interface CsrfInput {
  /** The csrf cookie as received (already percent-decoded). */
  cookieValue: string | undefined
  /** `ResolvedConfig.secretString`: Auth.js hashes the secret stringified, arrays comma-joined. */
  secretString: string
  isPost: boolean
  /** `body.csrfToken`, whatever type the client sent. */
  bodyToken: unknown
}

const HEX_64 = /^[0-9a-f]{64}$/

/** Lower-case hex SHA-256 of `token + secretString` (§6). */
export function csrfHash(token: string, secretString: string): string {
  return createHash("sha256").update(`${token}${secretString}`).digest("hex")
}

/**
 * The double-submit check (§6): a cookie whose hash matches is trusted and its token reused;
 * otherwise a new token is minted. Malformed cookies are treated as absent, never as errors.
 */
export function createCsrf({ cookieValue, secretString, isPost, bodyToken }: CsrfInput): CsrfState {
  const trusted = cookieValue === undefined ? undefined : trustedToken(cookieValue, secretString)
  if (trusted !== undefined) return { token: trusted, verified: isPost && equalTokens(bodyToken, trusted) }
  const token = randomBytes(32).toString("hex")
  return { token, cookieValue: `${token}|${csrfHash(token, secretString)}`, verified: false }
}

/** The token of a `token|hash` cookie whose hash is right; undefined for anything else. */
function trustedToken(cookieValue: string, secretString: string): string | undefined {
  // Auth.js and we only ever mint 64 hex + "|" + 64 hex; anything else is not ours.
  if (typeof cookieValue !== "string" || cookieValue.length !== 129 || cookieValue[64] !== "|") return undefined
  const token = cookieValue.slice(0, 64)
  const hash = cookieValue.slice(65)
  if (!HEX_64.test(token) || !HEX_64.test(hash)) return undefined
  return equalTokens(hash, csrfHash(token, secretString)) ? token : undefined
}

/** Constant-time equality for a value from the client against a 64-char hex string we know. */
function equalTokens(candidate: unknown, known: string): boolean {
  if (typeof candidate !== "string" || candidate.length !== known.length) return false
  const a = Buffer.from(candidate, "utf8")
  const b = Buffer.from(known, "utf8")
  return a.length === b.length && timingSafeEqual(a, b)
}
