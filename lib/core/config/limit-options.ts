import { GuardedLimitStore } from "../limits/guarded-store.js"
import { MemoryLimitStore } from "../limits/memory-limit-store.js"
import { isPlainObject } from "../records.js"
import type { LimitRule, LimitStore, ResolvedLimits, ResolvedRule, SignInLimitsOptions } from "../vocabulary/limits.js"
import { limitDefaults } from "./defaults.js"
import type { AuthLogger } from "./types.js"

const STORE_METHODS = ["increment", "decrement", "reset"] as const

/**
 * `limits`: on by default, `false` turns it off, and each rule can be replaced or turned off on its
 * own. A shared store is wrapped so its outage falls back to counts in this process.
 */
export function resolveLimits(option: SignInLimitsOptions | false | undefined, logger: AuthLogger): ResolvedLimits | undefined {
  if (option === false) return undefined
  if (option !== undefined && !isPlainObject(option)) throw new TypeError("limits must be an object or false")
  const given: SignInLimitsOptions = option ?? {}
  assertStore(given.store)
  const credentials = section(given.credentials, "credentials")
  const email = section(given.email, "email")
  if (credentials?.identify !== undefined && typeof credentials.identify !== "function") {
    throw new TypeError("limits.credentials.identify must be a function (credentials, providerId) => string | null")
  }
  const ipv6Subnet = subnet(given.ipv6Subnet)
  const store: LimitStore = given.store
    ? new GuardedLimitStore(given.store, logger)
    : new MemoryLimitStore(limitDefaults.memoryEntries)
  return Object.freeze({
    store,
    credentials: credentials && {
      perIdentifier: rule(credentials.perIdentifier, limitDefaults.credentials.perIdentifier, "credentials.perIdentifier"),
      perClient: rule(credentials.perClient, limitDefaults.credentials.perClient, "credentials.perClient"),
      identify: credentials.identify as ((c: Readonly<Record<string, unknown>>, p: string) => string | null | undefined) | undefined,
    },
    email: email && {
      perIdentifier: rule(email.perIdentifier, limitDefaults.email.perIdentifier, "email.perIdentifier"),
      perClient: rule(email.perClient, limitDefaults.email.perClient, "email.perClient"),
    },
    ipv6Subnet,
  })
}

function section(value: unknown, path: string): Record<string, unknown> | undefined {
  if (value === false) return undefined
  if (value === undefined) return {}
  if (!isPlainObject(value)) throw new TypeError(`limits.${path} must be an object or false`)
  return value as Record<string, unknown>
}

function rule(value: unknown, fallback: LimitRule, path: string): ResolvedRule | undefined {
  if (value === false) return undefined
  const given = value ?? fallback
  if (!isPlainObject(given)) throw new TypeError(`limits.${path} must be { max, window } or false`)
  const { max, window } = given as Partial<LimitRule>
  if (!Number.isSafeInteger(max) || max! < 1) throw new TypeError(`limits.${path}.max must be a whole number of at least 1`)
  if (typeof window !== "number" || !Number.isFinite(window) || window <= 0) {
    throw new TypeError(`limits.${path}.window must be a number of seconds above 0`)
  }
  return { max: max!, windowMs: Math.ceil(window * 1000) }
}

function subnet(value: unknown): number {
  if (value === undefined) return limitDefaults.ipv6Subnet
  if (value === false) return 128
  // Shorter than /16 would put whole providers' customers in one count.
  if (!Number.isInteger(value) || (value as number) < 16 || (value as number) > 128) {
    throw new TypeError("limits.ipv6Subnet must be a prefix length from 16 to 128, or false")
  }
  return value as number
}

function assertStore(value: unknown): void {
  if (value === undefined) return
  const missing = STORE_METHODS.filter((name) => typeof (value as Record<string, unknown> | null)?.[name] !== "function")
  if (missing.length > 0) {
    throw new TypeError(`limits.store must be a LimitStore (redisLimitStore from nestjs-authjs/redis): it has no ${missing.join(", ")} method`)
  }
}
