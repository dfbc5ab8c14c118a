import type { Provider } from "../../providers/types.js"
import { customFetch } from "../vocabulary/custom-fetch.js"
import { assertClientAuthentication } from "./client-auth.js"
import { defaultAccount, defaultProfile } from "./default-mappers.js"
import { isPlaceholderUrl } from "./endpoint-url.js"
import { resolveEmailProvider } from "./email-provider.js"
import { isPlainObject } from "../records.js"
import { mergeOptions } from "./merge-options.js"
import { normalizeEndpoint, parseEndpointUrl } from "./oauth-endpoints.js"
import { resolveRedirectProxy } from "./redirect-proxy.js"
import { resolveWebAuthnProvider } from "./webauthn-provider.js"
import { resolveHttpOptions, resolveTokenOptions, type SharedOAuthOptions } from "./token-options.js"
import type { InternalOAuthProvider, InternalProvider, ResolvedEndpoint } from "./types.js"

type Env = Record<string, string | undefined>
type Draft = Record<PropertyKey, unknown> & { id: string; name: string; type: string }

const CHECKS = new Set(["pkce", "state", "nonce", "none"])
/** Ids travel in URL paths and cookie payloads. */
const ID_PATTERN = /^[A-Za-z0-9._~-]+$/

/**
 * §1.2 step 5, §7.1 and §8.1, once at start-up: calls provider factories (with the credentials from
 * `AUTH_<ID>_ID/SECRET/ISSUER/KEY`), merges each provider's `options` over its defaults, fills
 * missing credentials from the same variables and normalises the OAuth endpoints. Pure: the
 * user's objects are never modified. A broken provider throws a `TypeError` naming it.
 */
export function resolveProviders(
  providers: Provider[],
  env: Env,
  shared: SharedOAuthOptions = {},
): InternalProvider[] {
  if (!Array.isArray(providers)) throw new TypeError("providers must be an array")
  const seen = new Map<string, number>()
  return providers.map((input, index) => {
    const path = `providers[${index}]`
    const provider = resolveProvider(input, path, env, shared)
    const previous = seen.get(provider.id)
    if (previous !== undefined) {
      throw new TypeError(`${path} has the id "${provider.id}" already used by providers[${previous}]`)
    }
    seen.set(provider.id, index)
    return provider
  })
}

function resolveProvider(input: Provider, path: string, env: Env, shared: SharedOAuthOptions): InternalProvider {
  let config: unknown = input
  if (typeof input === "function") {
    // Auth.js calls an un-called factory once to learn its id, then again with the env credentials.
    const probe = callFactory(input, {}, path)
    const probeId = isPlainObject(probe) ? (probe.options as { id?: unknown } | undefined)?.id ?? probe.id : undefined
    config = callFactory(input, typeof probeId === "string" ? envCredentials(env, [probeId]) : {}, path)
  }
  if (!isPlainObject(config)) throw new TypeError(`${path} must be a provider object or a provider factory`)
  const { options, ...defaults } = config
  if (options !== undefined && !isPlainObject(options)) throw new TypeError(`${path}.options must be an object`)
  const draft = mergeOptions(defaults, options) as Record<PropertyKey, unknown>

  const { id, type } = draft
  if (typeof id !== "string" || id === "") throw new TypeError(`${path} has no id`)
  if (!ID_PATTERN.test(id)) {
    throw new TypeError(`${path}.id "${id}" may contain only letters, digits and "-", "_", ".", "~"`)
  }
  if (draft.name === undefined) draft.name = id
  if (typeof draft.name !== "string") throw new TypeError(`${path}.name must be a string`)
  // Variables of the final id first, then of the factory's own id (what Auth.js reads).
  const envIds = typeof defaults.id === "string" && defaults.id !== id ? [id, defaults.id] : [id]
  const provider = draft as Draft
  switch (type) {
    case "oauth":
    case "oidc":
      return resolveOAuth(provider, path, envCredentials(env, envIds), envIds[0] ?? id, shared)
    case "credentials":
      if (typeof provider.authorize !== "function") throw new TypeError(`${label(path, id)} has no authorize function`)
      if (provider.credentials === undefined) provider.credentials = {}
      if (!isPlainObject(provider.credentials)) throw new TypeError(`${path}.credentials must be an object`)
      return Object.freeze(provider) as unknown as InternalProvider
    case "email":
      return resolveEmailProvider(provider, path, env, defaults.id, envCredentials(env, envIds).apiKey, shared.httpOptions)
    case "webauthn":
      return resolveWebAuthnProvider(provider, path)
    case undefined:
      throw new TypeError(`${label(path, id)} has no type`)
    default:
      throw new TypeError(`${label(path, id)} has the unsupported type ${JSON.stringify(type)}`)
  }
}

function resolveOAuth(
  provider: Draft,
  path: string,
  fromEnv: ReturnType<typeof envCredentials>,
  envId: string,
  shared: SharedOAuthOptions,
): InternalOAuthProvider {
  const name = label(path, provider.id)
  const envKey = `AUTH_${envName(envId)}`
  provider.clientId ??= fromEnv.clientId
  provider.clientSecret ??= fromEnv.clientSecret
  provider.issuer ??= fromEnv.issuer

  if (typeof provider.clientId !== "string" || provider.clientId === "") {
    throw new TypeError(`${name} has no clientId: set ${envKey}_ID or pass clientId`)
  }
  if (provider.client !== undefined && !isPlainObject(provider.client)) {
    throw new TypeError(`${path}.client must be an object`)
  }
  assertClientAuthentication(provider, path, name, envKey)
  if (provider.issuer !== undefined) {
    if (typeof provider.issuer !== "string") throw new TypeError(`${path}.issuer must be an absolute URL`)
    parseEndpointUrl(provider.issuer, `${path}.issuer`)
    provider.wellKnown ??= `${provider.issuer}/.well-known/openid-configuration`
  } else if (provider.type === "oidc") {
    // Without an issuer an ID token's `iss` cannot be checked: Auth.js fails at the callback.
    throw new TypeError(`${name} is an OIDC provider and needs an issuer: set ${envKey}_ISSUER or pass issuer`)
  }

  const authorization = normalizeEndpoint(provider.authorization, `${path}.authorization`)
  const token = normalizeEndpoint(provider.token, `${path}.token`)
  const userinfo = normalizeEndpoint(provider.userinfo, `${path}.userinfo`)
  if (provider.issuer === undefined) assertEndpoints(name, { authorization, token, userinfo })
  if (authorization?.url && !authorization.url.searchParams.has("scope")) {
    authorization.url.searchParams.set("scope", "openid profile email")
  }

  const checks = provider.checks ?? ["pkce"]
  if (!Array.isArray(checks) || checks.some((check) => !CHECKS.has(check))) {
    throw new TypeError(`${path}.checks must be a list of "pkce", "state", "nonce" and "none"`)
  }
  for (const hook of ["profile", "account"] as const) {
    if (provider[hook] !== undefined && typeof provider[hook] !== "function") {
      throw new TypeError(`${path}.${hook} must be a function`)
    }
  }
  if (provider[customFetch] !== undefined && typeof provider[customFetch] !== "function") {
    throw new TypeError(`${path}[customFetch] must be a function`)
  }
  if (provider.idToken !== undefined && typeof provider.idToken !== "boolean") {
    throw new TypeError(`${path}.idToken must be a boolean`)
  }

  const formPost = authorization?.url?.searchParams.get("response_mode") === "form_post"
  const redirectProxyUrl = resolveRedirectProxy(provider.redirectProxyUrl, shared.redirectProxyUrl, { id: provider.id, formPost }, path)
  // The preview's callback URL travels in the state, so a proxy needs the state check (§7.1).
  const allChecks = redirectProxyUrl ? [...checks, "state"] : checks

  return Object.freeze({
    ...provider,
    authorization,
    token,
    userinfo,
    checks: Object.freeze([...new Set(allChecks)]),
    profile: provider.profile ?? defaultProfile,
    account: provider.account ?? defaultAccount,
    formPost,
    redirectProxyUrl,
    httpOptions: resolveHttpOptions(provider.httpOptions, shared.httpOptions, path),
    tokens: resolveTokenOptions(provider.tokens, shared.tokens, provider.issuer !== undefined, path),
  }) as unknown as InternalOAuthProvider
}

/** Without an issuer there is no discovery, so every endpoint must be given (§1.7 item 4). */
function assertEndpoints(name: string, endpoints: Record<string, ResolvedEndpoint | undefined>): void {
  const missing = Object.entries(endpoints)
    .filter(([key, endpoint]) => {
      const explicit = endpoint?.url !== undefined && !isPlaceholderUrl(endpoint.url)
      return !explicit && !(key === "userinfo" && endpoint?.request)
    })
    .map(([key]) => key)
  if (missing.length > 0) {
    throw new TypeError(
      `${name} has no issuer, so it needs authorization, token and userinfo URLs (missing: ${missing.join(", ")})`,
    )
  }
}

function callFactory(factory: (options?: any) => unknown, options: object, path: string): unknown {
  try {
    return factory(options)
  } catch (cause) {
    throw new TypeError(`${path}: the provider factory threw`, { cause })
  }
}

/** `microsoft-entra-id` → `MICROSOFT_ENTRA_ID`. */
function envName(id: string): string {
  return id.toUpperCase().replace(/-/g, "_")
}

/** The first non-empty `AUTH_<ID>_*` value among `ids`, per field. */
function envCredentials(env: Env, ids: string[]) {
  const read = (suffix: string) =>
    ids.map((id) => env[`AUTH_${envName(id)}_${suffix}`]).find((value) => value !== undefined && value !== "")
  return { clientId: read("ID"), clientSecret: read("SECRET"), issuer: read("ISSUER"), apiKey: read("KEY") }
}

function label(path: string, id: string): string {
  return `${path} (${id})`
}
