import { coordinationDefaults } from "./defaults.js"
import { isPlainObject } from "../records.js"
import { assertCoordinator } from "./token-options.js"
import type { SessionOptions } from "./session-options.js"
import type { ResolvedConfig } from "./types.js"

/** `session.readCache`: off unless given; only for database sessions; at most a few seconds. */
export function resolveReadCache(
  option: SessionOptions["readCache"],
  strategy: "jwt" | "database",
): ResolvedConfig["readCache"] {
  if (option === undefined) return undefined
  if (!isPlainObject(option)) throw new TypeError("session.readCache must be an object")
  if (strategy !== "database") throw new TypeError('session.readCache applies to session.strategy "database" only')
  const maxAge = option.maxAge ?? coordinationDefaults.readCacheMaxAge
  const limit = coordinationDefaults.readCacheLimit
  if (typeof maxAge !== "number" || !(maxAge > 0 && maxAge <= limit)) {
    throw new TypeError(`session.readCache.maxAge must be a number of seconds above 0 and at most ${limit}`)
  }
  assertCoordinator(option.coordinator, "session.readCache.coordinator", true)
  return Object.freeze({ maxAgeMs: maxAge * 1000, coordinator: option.coordinator })
}
