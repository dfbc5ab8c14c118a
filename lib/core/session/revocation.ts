import { attempt, andThen } from "../awaitable.js"
import type { ResolvedConfig } from "../config/types.js"
import { SessionTokenError } from "../vocabulary/errors.js"
import type { Awaitable, JWT } from "../vocabulary/models.js"

/** What the revocation check says about a session JWT. */
export type RevocationVerdict = "valid" | "revoked" | "unknown"

/**
 * Checks a decoded session JWT against `session.revocation` ("sign out everywhere" for JWT
 * sessions). Only called when the option is set. A token without `sub` or `iat` cannot be matched
 * to a revocation and stays valid. A failing store answers "unknown" (the caller answers 503, as
 * for a database outage) rather than signing everybody out. Never throws.
 */
export function revocationVerdict(config: ResolvedConfig, token: JWT): Awaitable<RevocationVerdict> {
  const store = config.session.revocation
  const sub = token.sub
  if (!store || typeof sub !== "string" || sub === "") return "valid"
  const iat = typeof token.iat === "number" ? token.iat : undefined
  return attempt(
    () =>
      andThen(store.revokedBefore(sub), (before): RevocationVerdict =>
        typeof before === "number" && (iat === undefined || iat < before) ? "revoked" : "valid",
      ),
    (error): RevocationVerdict => {
      config.logger.error(new SessionTokenError("The session revocation store failed", { cause: error }))
      return "unknown"
    },
  )
}

/**
 * The revocation time for "now": JWTs carry whole seconds in `iat`, so every session issued up to
 * the end of the current second is refused (a sign-in within the same second as the revocation
 * included: safe rather than sorry).
 */
export function revocationTimeNow(): number {
  return Math.floor(Date.now() / 1000) + 1
}
