/** Longest address accepted (RFC 5321's path limit); anything longer is not an address. */
const MAX_LENGTH = 254
/** Characters that delimit, quote or comment addresses in mail headers, plus whitespace and controls. */
const FORBIDDEN = /[\s\p{Cc}\p{Cf}",;:<>()[\]\\]/u
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u

/** The address is missing or is not a plain, single mailbox. */
export class InvalidEmailAddress extends TypeError {
  override name = "InvalidEmailAddress"
}

/**
 * Auth.js's default identifier normaliser (§7.12 step 1), stricter where an address could turn
 * into something else in a mail header: NFKC first (so a full-width `＠` becomes a real `@` and is
 * counted), then lower case and trim; exactly one `@` with a non-empty local part and a dotted
 * host name. Quotes, commas, semicolons, angle brackets, whitespace and control characters
 * (CR/LF header injection) are refused rather than cut away: Auth.js cuts the domain at a comma.
 *
 * @throws InvalidEmailAddress
 */
export function normalizeIdentifier(input: unknown): string {
  if (typeof input !== "string" || input === "") throw new InvalidEmailAddress("No email address given")
  // Bound the work before normalising: NFKC can only grow a string by a small factor.
  if (input.length > MAX_LENGTH * 4) throw new InvalidEmailAddress("The email address is too long")
  const email = input.normalize("NFKC").toLowerCase().trim()
  if (email.length > MAX_LENGTH) throw new InvalidEmailAddress("The email address is too long")
  if (FORBIDDEN.test(email)) throw new InvalidEmailAddress("The email address contains characters it may not")
  const parts = email.split("@")
  if (parts.length !== 2) throw new InvalidEmailAddress("The email address must contain exactly one @")
  const [local, domain] = parts as [string, string]
  if (local === "" || local.length > 64) throw new InvalidEmailAddress("The email address has no valid local part")
  if (!domain.split(".").every((label) => DOMAIN_LABEL.test(label))) {
    throw new InvalidEmailAddress("The email address has no valid domain")
  }
  return `${local}@${domain}`
}

/**
 * Checks what a provider's own `normalizeIdentifier` returned: whatever its rules, the result goes
 * into a mail header, so it must be a short single-line string.
 *
 * @throws InvalidEmailAddress
 */
export function assertSafeIdentifier(value: unknown): string {
  if (typeof value !== "string" || value === "" || value.length > MAX_LENGTH || /[\p{Cc}\p{Zl}\p{Zp}]/u.test(value)) {
    throw new InvalidEmailAddress("normalizeIdentifier returned an unusable address")
  }
  return value
}
