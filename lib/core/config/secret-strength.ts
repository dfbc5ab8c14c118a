import type { BootProblems } from "./boot-problems.js"
import { MIN_SECRET_LENGTH } from "./defaults.js"
import type { AuthLogger } from "./types.js"

type Env = Readonly<Record<string, string | undefined>>

/**
 * A short secret can be guessed offline from any session cookie (it keys the session JWE and the
 * CSRF and email-token hashes). In production it fails boot; elsewhere it is said once, at boot.
 * Empty secrets are MissingSecret's business (assert.ts).
 */
export function checkSecretStrength(secrets: readonly string[], env: Env, logger: AuthLogger, problems: BootProblems): void {
  const min = MIN_SECRET_LENGTH
  const weak = secrets.flatMap((secret, i) => (typeof secret === "string" && secret && secret.length < min ? [{ i, length: secret.length }] : []))
  if (weak.length === 0) return
  if (env.NODE_ENV !== "production") return logger.warn("weak-secret")
  for (const { i, length } of weak) {
    const name = secrets.length > 1 ? `secret[${i}]` : "secret"
    problems.add(
      new TypeError(
        `The ${name} is ${length} characters; production needs at least ${min}. ` +
          "Generate one with `openssl rand -base64 33` and set it as AUTH_SECRET (or pass `secret`).",
      ),
    )
  }
}
