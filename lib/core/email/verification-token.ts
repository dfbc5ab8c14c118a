import { createHash, randomBytes } from "node:crypto"
import type { InternalEmailProvider, ResolvedConfig } from "../config/types.js"
import { DEFAULT_EMAIL_MAX_AGE } from "../config/defaults.js"


/**
 * What the adapter stores instead of the token (§10.4): lower-case hex SHA-256 of `token + secret`,
 * so a leaked verification-token table cannot be replayed as links.
 */
export function hashVerificationToken(token: string, secret: string): string {
  return createHash("sha256").update(`${token}${secret}`).digest("hex")
}

/** `provider.secret`, else the configured secret as Auth.js stringifies it (arrays comma-joined). */
export function verificationSecret(config: ResolvedConfig, provider: InternalEmailProvider): string {
  return typeof provider.secret === "string" && provider.secret !== "" ? provider.secret : config.secretString
}

/** A new link token: the provider's generator, or 32 random bytes in hex. */
export async function newVerificationToken(provider: InternalEmailProvider): Promise<string> {
  if (!provider.generateVerificationToken) return randomBytes(32).toString("hex")
  const token = await provider.generateVerificationToken()
  if (typeof token !== "string" || token === "") throw new TypeError("generateVerificationToken returned no token")
  return token
}

/** When a link made now stops working. */
export function verificationExpiry(provider: InternalEmailProvider, now = Date.now()): Date {
  return new Date(now + (provider.maxAge ?? DEFAULT_EMAIL_MAX_AGE) * 1000)
}
