import type { HttpOptions } from "../../providers/types.js"
import { resolveEmailHttp } from "./email-api-provider.js"
import type { InternalEmailProvider } from "./types.js"

type Env = Readonly<Record<string, string | undefined>>
type Draft = Record<PropertyKey, unknown> & { id: string; name: string; type: string }

const optionalFunctions = ["generateVerificationToken", "normalizeIdentifier"] as const

/**
 * An email provider after merging (§8.4): checks its hooks and numbers, and fills the Nodemailer
 * transport from the environment (`AUTH_EMAIL_SERVER`/`EMAIL_SERVER`, `AUTH_EMAIL_FROM`/`EMAIL_FROM`).
 * `factoryId` is the id the provider's factory gave it before any `id` option renamed it.
 */
export function resolveEmailProvider(
  provider: Draft,
  path: string,
  env: Env,
  factoryId: unknown,
  apiKey: string | undefined,
  httpOptions?: HttpOptions,
): InternalEmailProvider {
  const name = `${path} (${provider.id})`
  provider.apiKey ??= apiKey
  if (typeof provider.sendVerificationRequest !== "function") {
    throw new TypeError(`${name} has no sendVerificationRequest function`)
  }
  for (const hook of optionalFunctions) {
    if (provider[hook] !== undefined && typeof provider[hook] !== "function") {
      throw new TypeError(`${path}.${hook} must be a function`)
    }
  }
  const maxAge = provider.maxAge
  if (maxAge !== undefined && (typeof maxAge !== "number" || !Number.isFinite(maxAge) || maxAge <= 0)) {
    throw new TypeError(`${path}.maxAge must be a positive number of seconds (got ${JSON.stringify(maxAge)})`)
  }
  for (const key of ["from", "secret"] as const) {
    if (provider[key] !== undefined && typeof provider[key] !== "string") throw new TypeError(`${path}.${key} must be a string`)
  }
  resolveEmailHttp(provider, path, factoryId, httpOptions)
  if (factoryId === "nodemailer") {
    provider.server ??= firstSet(env, "AUTH_EMAIL_SERVER", "EMAIL_SERVER")
    provider.from ??= firstSet(env, "AUTH_EMAIL_FROM", "EMAIL_FROM")
    if (provider.server === undefined || provider.server === "") {
      throw new TypeError(
        `${name} has no SMTP server: set AUTH_EMAIL_SERVER (e.g. smtp://user:pass@smtp.example.com:587) or pass server`,
      )
    }
  }
  return Object.freeze(provider) as unknown as InternalEmailProvider
}

function firstSet(env: Env, ...names: string[]): string | undefined {
  return names.map((n) => env[n]).find((value) => value !== undefined && value !== "")
}
