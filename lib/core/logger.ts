import type { AuthLogger, WarningCode } from "./config/types.js"
import { AuthError } from "./vocabulary/errors.js"

/** Console output in Auth.js's format; the Nest layer passes Nest's Logger instead. */
const consoleLogger: AuthLogger = {
  error(error) {
    const type = error instanceof AuthError ? error.type : error.name
    console.error(`[auth][error] ${type}: ${error.message}`)
    if (error.cause instanceof Error) console.error(`[auth][cause]: ${error.cause.stack ?? error.cause.message}`)
  },
  warn(code: WarningCode, detail?: string | Record<string, unknown>) {
    if (detail === undefined) console.warn(`[auth][warn][${code}]`)
    else console.warn(`[auth][warn][${code}]`, typeof detail === "string" ? detail : JSON.stringify(detail))
  },
  debug(message, metadata) {
    console.debug(`[auth][debug]: ${message}`, metadata ?? "")
  },
}

/** Each member the user gives replaces ours; `debug` is silent unless `debug: true` or user-supplied. */
export function createLogger(user: Partial<AuthLogger> | undefined, debug: boolean | undefined): AuthLogger {
  const base = { ...consoleLogger, ...user }
  const debugEnabled = debug || Boolean(user?.debug)
  const safe = (fn: (...args: any[]) => void) => (...args: any[]) => {
    try {
      fn(...args)
    } catch {
      // a broken logger must not break a request
    }
  }
  return {
    error: safe(base.error),
    warn: safe(base.warn),
    debug: debugEnabled ? safe(base.debug) : () => {},
  }
}

/*
 * One place decides the level of a failure. What a client sent (a wrong password, a forged or stale
 * token, a check cookie that does not match) is refused and said in one warn line, without a stack:
 * it is routine, and an attack only when it comes in numbers. `error`, with the stack, is for what the
 * server must fix: an IdP or a store down, a bad configuration, a callback that threw.
 */
const refusedTypes = new Set<string>(["CredentialsSignin", "MissingCSRF", "InvalidCheck", "Verification", "UnknownAction"])
const tokenTypes = new Set<string>(["JWTSessionError", "SessionTokenError"])

/** True when `error` is the engine refusing what a client sent, rather than a fault of the server. */
export function isRefusal(error: Error): boolean {
  const type = error instanceof AuthError ? error.type : (error as { type?: unknown }).type
  if (typeof type !== "string") return false
  if (refusedTypes.has(type)) return true
  // An unreadable session token is the client's; a jwt callback or store that threw is not.
  return tokenTypes.has(type) && isTokenFault(error.cause)
}

function isTokenFault(cause: unknown): boolean {
  if (!(cause instanceof Error)) return false
  const code = (cause as { code?: unknown }).code
  // jose's error classes (and the fast path's, which are jose's), and the kid no secret matches.
  return (typeof code === "string" && code.startsWith("ERR_JW")) || cause.message === "no matching decryption secret"
}

/** Logs a failure at its level: a refusal as one warn line (`refused-request`), anything else as an error. */
export function reportFailure(logger: AuthLogger, error: Error): void {
  if (!isRefusal(error)) return logger.error(error)
  const type = error instanceof AuthError ? error.type : error.name
  const cause = error.cause instanceof Error ? ` (${error.cause.name}: ${error.cause.message})` : ""
  logger.warn("refused-request", `${type}: ${error.message}${cause}`.replace(/[\r\n]+/g, " "))
}
