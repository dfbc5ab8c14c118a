import { Logger } from "@nestjs/common"
import type { AuthLogger, WarningCode } from "../core/config/types.js"

const warnings: Partial<Record<WarningCode, string>> = {
  "debug-enabled": "debug is on: debug logs may contain personal data; turn it off in production",
  "csrf-disabled": "CSRF checks are off (skipCSRFCheck): only do this if something else checks CSRF",
  "env-url-basepath-redundant": "AUTH_URL has a path, but basePath is set too: basePath wins",
  "env-url-basepath-mismatch": "AUTH_URL's path differs from basePath: only AUTH_URL's origin is used",
  "trust-host-inferred":
    "the host is trusted only because NODE_ENV is not \"production\": any client can then choose the origin of the URLs this app builds (X-Forwarded-Host). Set AUTH_URL, or AUTH_TRUST_HOST=true behind a proxy you control",
  "weak-secret":
    "a secret is shorter than 32 characters: it could be guessed from any session cookie, and boot fails with it in production. Generate one with `openssl rand -base64 33`",
  "refused-request": "refused",
  "unknown-provider": "a request named a provider that is not configured (404)",
  "email-links-ignore-forwarded-headers":
    "email sign-in links are built from the Host header, ignoring X-Forwarded-Host and X-Forwarded-Proto, because host trust is only inferred: set AUTH_URL so links carry the public URL",
  "read-only-sessions":
    "sessions are read from the cookie of the Next.js app that issues them (session.issuedBy): this API signs nobody in, and its auth routes answer 404",
  "session-without-identity":
    "a session token that names nobody (no sub, user id or email; or a next-auth <= 4.24.4 check cookie) was refused",
  "sign-in-limited": "a sign-in limit ran out (limits)",
  "limit-store-unavailable": "limits.store failed: sign-in limits are counted per process until it answers again",
}

/**
 * The default `logger`: Nest's `Logger` with the context "Auth". Debug messages are written only
 * with `debug: true`.
 */
export function createNestAuthLogger(debug: boolean | undefined): AuthLogger {
  const logger = new Logger("Auth")
  return {
    error(error) {
      const type = (error as { type?: unknown }).type
      const cause = error.cause instanceof Error ? `\nCaused by: ${error.cause.stack ?? error.cause.message}` : ""
      logger.error(`${typeof type === "string" ? type : error.name}: ${error.message}`, `${error.stack ?? ""}${cause}`)
    },
    warn(code, detail) {
      const text = warnings[code] ? `${warnings[code]} (${code})` : code
      if (detail === undefined) logger.warn(text)
      else logger.warn(typeof detail === "string" ? `${text}: ${detail}` : `${text} ${JSON.stringify(detail)}`)
    },
    debug(message, metadata) {
      if (debug) logger.debug(metadata === undefined ? message : { message, metadata })
    },
  }
}
