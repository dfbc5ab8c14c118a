import type { AuthLogger, WarningCode } from "./config/types.js"
import { AuthError } from "./vocabulary/errors.js"

/** Console output in Auth.js's format; the Nest layer passes Nest's Logger instead. */
const consoleLogger: AuthLogger = {
  error(error) {
    const type = error instanceof AuthError ? error.type : error.name
    console.error(`[auth][error] ${type}: ${error.message}`)
    if (error.cause instanceof Error) console.error(`[auth][cause]: ${error.cause.stack ?? error.cause.message}`)
  },
  warn(code: WarningCode, metadata?: Record<string, unknown>) {
    if (metadata === undefined) console.warn(`[auth][warn][${code}]`)
    else console.warn(`[auth][warn][${code}]`, JSON.stringify(metadata))
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
