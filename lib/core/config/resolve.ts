import { randomUUID } from "node:crypto"
import { defaultCookies } from "../cookies.js"
import type { CookieDef, CookieKey } from "../vocabulary/http.js"
import { decode, encode } from "../jwt/encode-decode.js"
import { VerifiedTokens } from "../jwt/verified-tokens.js"
import { createLogger } from "../logger.js"
import { assertOptionTypes, assertResolved } from "./assert.js"
import { BootProblems } from "./boot-problems.js"
import { checkSecretStrength } from "./secret-strength.js"
import { defaultCallbacks } from "./callbacks.js"
import {
  DEFAULT_BASE_PATH,
  DEFAULT_SESSION_MAX_AGE,
  DEFAULT_SESSION_STRATEGY,
  DEFAULT_SESSION_UPDATE_AGE,
  DEFAULT_THEME,
  DEFAULT_VERIFIED_TOKENS_CHARS,
} from "./defaults.js"
import { normaliseBasePath } from "./base-path.js"
import { authUrlFromEnv, authUrlProblem, secretsFromEnv, trustHostFromEnv } from "./env.js"
import { warnHostTrust } from "./host-trust.js"
import { resolveProviders } from "./providers.js"
import { assertSessionIssuer, issuerCodec, issuerCookies, issuerSecretsFromEnv } from "./session-issuer.js"
import { assertWebAuthn } from "./webauthn-provider.js"
import { assertSharedOAuthOptions, assertTokenStrategy } from "./token-options.js"
import { resolveReadCache } from "./read-cache-options.js"
import { resolveLimits } from "./limit-options.js"
import {
  skipCSRFCheck,
  type AuthConfig,
  type CookiesOptions,
  type InternalOAuthProvider,
  type InternalProvider,
  type ResolvedConfig,
} from "./types.js"

/**
 * The only way into the engine: applies env defaults and Auth.js's defaults, validates, derives
 * what can be derived once, and freezes the result. Throws (TypeError or AuthError) with a message
 * that names the fix, so a misconfiguration fails start-up, not the first request.
 * The user's config object is never mutated.
 */
export function resolveConfig(
  config: AuthConfig,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ResolvedConfig {
  // Every problem is collected, then all are reported at once (boot-problems.ts).
  const problems = new BootProblems()
  assertOptionTypes(config, problems)
  problems.check(() => assertSessionIssuer(config))
  const issuedBy = config.session?.issuedBy
  const logger = createLogger(config.logger, config.debug)
  const secrets = issuedBy ? issuerSecretsFromEnv(config.secret, env) : secretsFromEnv(config.secret, env)
  const { trustHost, inferred } = trustHostFromEnv(config.trustHost, env)
  const badAuthUrl = authUrlProblem(env)
  if (badAuthUrl) problems.add(new TypeError(badAuthUrl))
  const authUrl = authUrlFromEnv(env)
  const redirectProxyUrl = config.redirectProxyUrl ?? env.AUTH_REDIRECT_PROXY_URL
  const shared = { httpOptions: config.httpOptions, tokens: config.tokens, redirectProxyUrl }
  problems.check(() => assertSharedOAuthOptions(shared))
  const providers = (Array.isArray(config.providers) && problems.check(() => resolveProviders(config.providers, env, shared))) || []
  // Sessions issued elsewhere are read from their JWT cookie, whatever an adapter would suggest.
  const strategy = issuedBy ? "jwt" : (config.session?.strategy ?? (config.adapter ? "database" : DEFAULT_SESSION_STRATEGY))
  assertResolved({ secrets, trustHost, hasAuthUrl: Boolean(authUrl), strategy, adapter: config.adapter, providers }, problems)
  problems.check(() => assertTokenStrategy(providers, strategy, config.adapter))
  checkSecretStrength(secrets, env, logger, problems)
  const enabled = config.experimental?.enableWebAuthn === true
  if (problems.check(() => assertWebAuthn({ providers, adapter: config.adapter, enabled }))) logger.warn("experimental-webauthn")
  problems.throwIfAny()

  const basePath = normaliseBasePath(config.basePath ?? DEFAULT_BASE_PATH)
  // AUTH_URL may carry a global prefix in front of basePath (e.g. /v1/auth), so compare the tail.
  if (authUrl && authUrl.pathname !== "/" && !normaliseBasePath(authUrl.pathname).endsWith(basePath)) {
    logger.warn("env-url-basepath-mismatch")
  }
  if (config.debug) logger.warn("debug-enabled")
  if (issuedBy) logger.warn("read-only-sessions")
  warnHostTrust(logger, inferred && trustHost, providers)

  const maxAge = config.session?.maxAge ?? DEFAULT_SESSION_MAX_AGE
  const resolved: ResolvedConfig = {
    providers: Object.freeze([...providers]),
    providersById: new Map(providers.map((p): [string, InternalProvider] => [p.id, p])),
    secrets: Object.freeze(secrets),
    // Auth.js hashes CSRF and email tokens with String(secret): an array joins with commas.
    secretString: secrets.join(","),
    trustHost,
    trustHostInferred: inferred && trustHost,
    basePath,
    authUrl,
    session: {
      strategy,
      maxAge,
      updateAge: config.session?.updateAge ?? DEFAULT_SESSION_UPDATE_AGE,
      generateSessionToken: config.session?.generateSessionToken ?? (() => randomUUID()),
      issuedBy,
      revocation: config.session?.revocation,
    },
    jwt: {
      maxAge: config.jwt?.maxAge ?? maxAge,
      encode: config.jwt?.encode ?? (issuedBy ? issuerCodec(issuedBy).encode : encode),
      decode: config.jwt?.decode ?? (issuedBy ? issuerCodec(issuedBy).decode : decode),
      builtIn: !config.jwt?.encode && !config.jwt?.decode,
      verified: verifiedTokens(config, issuedBy),
    },
    callbacks: { ...defaultCallbacks, ...definedMembers(config.callbacks) },
    events: { ...definedMembers(config.events) },
    adapter: config.adapter,
    pages: { ...config.pages },
    theme: config.theme ? { ...config.theme } : { ...DEFAULT_THEME },
    logger,
    useSecureCookies: config.useSecureCookies,
    cookies: {
      plain: mergeCookies(sessionCookies(config.useSecureCookies ?? false, issuedBy), config.cookies),
      secure: mergeCookies(sessionCookies(config.useSecureCookies ?? true, issuedBy), config.cookies),
    },
    skipCSRFCheck: config.skipCSRFCheck === skipCSRFCheck,
    redirectProxyUrl: redirectProxyUrl || undefined,
    tokenRefresh: providers.some((p) => (p as InternalOAuthProvider).tokens?.refresh === true),
    coordinator: config.tokens?.coordinator,
    readCache: resolveReadCache(config.session?.readCache, strategy),
    // Sessions issued elsewhere: nobody signs in here, so there is nothing to limit.
    limits: issuedBy ? undefined : resolveLimits(config.limits, logger),
  }
  return Object.freeze(resolved)
}

function sessionCookies(secure: boolean, issuedBy: ResolvedConfig["session"]["issuedBy"]): Record<CookieKey, CookieDef> {
  return issuerCookies(defaultCookies(secure), secure, issuedBy)
}

function definedMembers<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>
}

function mergeCookies(
  base: Record<CookieKey, CookieDef>,
  overrides: CookiesOptions | undefined,
): Readonly<Record<CookieKey, CookieDef>> {
  const out = { ...base }
  for (const key of Object.keys(overrides ?? {}) as CookieKey[]) {
    const o = overrides![key]
    if (!o || !(key in base)) continue
    out[key] = { name: o.name ?? base[key].name, options: { ...base[key].options, ...o.options } }
  }
  return Object.freeze(out)
}

/** The cache of verified session tokens: only for the built-in decoder, unless turned off. */
function verifiedTokens(config: AuthConfig, issuedBy: unknown): VerifiedTokens | undefined {
  const option = config.jwt?.decodeCache ?? true
  if (option === false || config.jwt?.decode || issuedBy) return undefined
  return new VerifiedTokens(option === true ? DEFAULT_VERIFIED_TOKENS_CHARS : option.maxChars)
}
