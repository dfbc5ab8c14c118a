import type { Adapter } from "../vocabulary/adapter.js"
import { MissingAdapterMethods } from "../vocabulary/errors.js"
import type { HttpOptions, TokenOptions } from "../../providers/types.js"
import { DEFAULT_HTTP_TIMEOUT_MS } from "./defaults.js"
import { isPlainObject } from "../records.js"
import type { InternalOAuthProvider, InternalProvider } from "./types.js"


/** The config-wide defaults every OAuth/OIDC provider starts from. */
export interface SharedOAuthOptions {
  httpOptions?: HttpOptions
  tokens?: TokenOptions
  /** `redirectProxyUrl`, else env `AUTH_REDIRECT_PROXY_URL`. */
  redirectProxyUrl?: string
}

const TOKEN_FLAGS = ["keep", "refresh", "revokeOnSignOut", "endSessionOnSignOut"] as const
/** Options that need the issuer's discovery document (its revocation or end-session endpoint). */
const NEEDS_DISCOVERY = ["revokeOnSignOut", "endSessionOnSignOut"] as const

/** `httpOptions` of a provider over the config's; `path` names the provider in messages. */
export function resolveHttpOptions(
  own: unknown,
  shared: HttpOptions | undefined,
  path: string,
): Readonly<Required<HttpOptions>> {
  const fields = plainOptions(own, `${path}.httpOptions`)
  const timeout = fields.timeout ?? shared?.timeout ?? DEFAULT_HTTP_TIMEOUT_MS
  if (typeof timeout !== "number" || !Number.isFinite(timeout) || timeout <= 0) {
    const where = fields.timeout !== undefined ? `${path}.httpOptions.timeout` : "httpOptions.timeout"
    throw new TypeError(`${where} must be a positive number of milliseconds (got ${JSON.stringify(timeout)})`)
  }
  return Object.freeze({ timeout })
}

/**
 * A provider's `tokens` fields over the config's. The config's revocation and end-session options
 * apply only to providers with an issuer; asked for on a provider without one they fail start-up.
 */
export function resolveTokenOptions(
  own: unknown,
  shared: TokenOptions | undefined,
  hasIssuer: boolean,
  path: string,
): Readonly<Required<Omit<TokenOptions, "coordinator">>> {
  const fields = plainOptions(own, `${path}.tokens`)
  if (fields.coordinator !== undefined) {
    throw new TypeError(`${path}.tokens.coordinator is config-wide: set it on the top-level tokens`)
  }
  const out = {} as Required<Omit<TokenOptions, "coordinator">>
  for (const flag of TOKEN_FLAGS) {
    const value = fields[flag] ?? shared?.[flag] ?? false
    if (typeof value !== "boolean") {
      const where = fields[flag] !== undefined ? `${path}.tokens.${flag}` : `tokens.${flag}`
      throw new TypeError(`${where} must be a boolean`)
    }
    out[flag] = value
  }
  for (const flag of NEEDS_DISCOVERY) {
    if (!out[flag] || hasIssuer) continue
    if (fields[flag] === true) {
      throw new TypeError(`${path}.tokens.${flag} needs an issuer whose discovery document names the endpoint`)
    }
    out[flag] = false
  }
  out.keep ||= out.refresh || out.revokeOnSignOut || out.endSessionOnSignOut
  return Object.freeze(out)
}

/** Checks the config-wide options' shape; the values are checked per provider. */
export function assertSharedOAuthOptions(shared: SharedOAuthOptions): void {
  plainOptions(shared.httpOptions, "httpOptions")
  plainOptions(shared.tokens, "tokens")
  assertCoordinator(shared.tokens?.coordinator, "tokens.coordinator")
}

const COORDINATOR_METHODS = ["claim", "get", "set", "delete"] as const

/** A `Coordinator` has its four methods; `needsPubSub` adds publish and subscribe (the read cache). */
export function assertCoordinator(value: unknown, path: string, needsPubSub = false): void {
  if (value === undefined) return
  if (typeof value !== "object" || value === null) throw new TypeError(`${path} must be a Coordinator object`)
  const methods = needsPubSub ? [...COORDINATOR_METHODS, "publish", "subscribe"] : COORDINATOR_METHODS
  const missing = methods.filter((name) => typeof (value as Record<string, unknown>)[name] !== "function")
  if (missing.length > 0) throw new TypeError(`${path} must be a Coordinator: it has no ${missing.join(", ")} method`)
}

function plainOptions(value: unknown, path: string): Record<string, unknown> {
  if (value === undefined) return {}
  if (!isPlainObject(value)) throw new TypeError(`${path} must be an object`)
  return value as Record<string, unknown>
}

/**
 * With the database strategy the tokens live on the adapter's account row: `keep` replaces them at
 * sign-in (needs `unlinkAccount`); refresh, revocation and RP-initiated logout find the row with the
 * optional `getAccountByUserId`, and refresh writes it back with `updateAccount`.
 */
export function assertTokenStrategy(
  providers: readonly InternalProvider[],
  strategy: "jwt" | "database",
  adapter: Adapter | undefined,
): void {
  if (strategy !== "database") return
  providers.forEach((provider, index) => {
    if (provider.type !== "oauth" && provider.type !== "oidc") return
    const { tokens } = provider as InternalOAuthProvider
    const needsAccount = (["refresh", "revokeOnSignOut", "endSessionOnSignOut"] as const).find((flag) => tokens[flag])
    const missing = [
      needsAccount && typeof adapter?.getAccountByUserId !== "function" ? "getAccountByUserId" : undefined,
      tokens.refresh && typeof adapter?.updateAccount !== "function" ? "updateAccount" : undefined,
    ].filter(Boolean)
    if (needsAccount && missing.length > 0) {
      throw new MissingAdapterMethods(
        `providers[${index}] (${provider.id}): tokens.${needsAccount} with database sessions needs the adapter ` +
          `method${missing.length > 1 ? "s" : ""} ${missing.join(" and ")} (see withAccountMethods in nestjs-authjs/adapters)`,
      )
    }
    if (tokens.keep && typeof adapter?.unlinkAccount !== "function") {
      throw new MissingAdapterMethods(
        `providers[${index}] (${provider.id}): tokens.keep with database sessions needs the adapter method unlinkAccount`,
      )
    }
  })
}
