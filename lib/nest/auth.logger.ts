import { Logger } from "@nestjs/common"
import type { AuthLogger, WarningCode } from "../core/config/types.js"

const warnings: Partial<Record<WarningCode, string>> = {
  "debug-enabled": "debug is on: debug logs may contain personal data; turn it off in production",
  "csrf-disabled": "CSRF checks are off (skipCSRFCheck): only do this if something else checks CSRF",
  "env-url-basepath-redundant": "AUTH_URL has a path, but basePath is set too: basePath wins",
  "env-url-basepath-mismatch": "AUTH_URL's path differs from basePath: only AUTH_URL's origin is used",
  "trust-host-inferred": "trustHost was inferred from the environment; set it explicitly in production",
  "read-only-sessions":
    "sessions are read from the cookie of the Next.js app that issues them (session.issuedBy): this API signs nobody in, and its auth routes answer 404",
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
    warn(code, metadata) {
      const text = warnings[code] ? `${warnings[code]} (${code})` : code
      logger.warn(metadata === undefined ? text : `${text} ${JSON.stringify(metadata)}`)
    },
    debug(message, metadata) {
      if (debug) logger.debug(metadata === undefined ? message : { message, metadata })
    },
  }
}
