import type { Adapter } from "../vocabulary/adapter.js"
import type { Coordinator } from "../vocabulary/coordinator.js"
import type { ResolvedLimits, SignInLimitsOptions } from "../vocabulary/limits.js"
import type { CookieDef, CookieKey, CookieOptions } from "../vocabulary/http.js"
import type { Theme } from "../vocabulary/theme.js"
import type { ErrorType } from "../vocabulary/errors.js"
import type { Awaitable, JWT } from "../vocabulary/models.js"
import type {
  ClientPrivateKey,
  CredentialsConfig,
  EmailConfig,
  HttpOptions,
  OAuthConfig,
  Provider,
  TokenOptions,
  WebAuthnConfig,
} from "../../providers/types.js"
import type { CallbacksOptions, EventCallbacks } from "./callbacks.js"
import type { JWTDecodeParams, JWTEncodeParams, JWTOptions, SessionOptions } from "./session-options.js"

/** Warnings the engine may log once (Auth.js's codes plus our own). */
export type WarningCode =
  | "debug-enabled"
  | "csrf-disabled"
  | "env-url-basepath-redundant"
  | "env-url-basepath-mismatch"
  | "trust-host-inferred"
  | "read-only-sessions"
  /** The `Coordinator` (Redis) failed: refreshes fall back to one per process until it answers again. */
  | "coordinator-unavailable"
  | "session-without-identity"
  | "email-links-ignore-forwarded-headers"
  | "weak-secret"
  | "unknown-provider"
  | "refused-request"
  | "experimental-webauthn"
  /** A sign-in limit ran out (metadata: kind, provider, scope, hashed identifier, client). */
  | "sign-in-limited"
  /** The `limits.store` (Redis) failed: limits are counted per process until it answers again. */
  | "limit-store-unavailable"

/** Where the engine reports. Each member you give replaces the default one. */
export interface AuthLogger {
  error: (error: Error) => void
  /**
   * Auth.js's shape; `detail` is ours: a one-line explanation for codes about a request (such as
   * `unknown-provider`), or fields for operators (`sign-in-limited`). A logger that takes only `code` still works.
   */
  warn: (code: WarningCode, detail?: string | Record<string, unknown>) => void
  /** Called only when `debug: true`, unless you supply your own. */
  debug: (message: string, metadata?: unknown) => void
}

/** Paths of your own pages that replace the built-in ones. */
export interface PagesOptions {
  signIn?: string
  signOut?: string
  error?: string
  verifyRequest?: string
  /** First-time users land here after signing in. */
  newUser?: string
}

/** Per-cookie overrides, merged over the defaults. Renaming `sessionToken` also changes the JWT salt. */
export type CookiesOptions = Partial<Record<CookieKey, { name?: string; options?: Partial<CookieOptions> }>>

/**
 * Everything `AuthModule.forRoot()` accepts. Field names and meanings are Auth.js's, so a config
 * written for `@auth/express` works here.
 */
export interface AuthConfig {
  /** Sign-in methods: provider objects or factories (`GitHub` or `GitHub({...})`). */
  providers: Provider[]
  /**
   * Encrypts session cookies and signs CSRF tokens. A list rotates keys: the first encrypts, all decrypt.
   * Default: env `AUTH_SECRET` (with `AUTH_SECRET_1..3` in front of it).
   */
  secret?: string | string[]
  /**
   * Trust the `Host` and `X-Forwarded-*` headers. Default: env `AUTH_TRUST_HOST`/`AUTH_URL`, else true
   * unless `NODE_ENV` is `production`.
   */
  trustHost?: boolean
  /**
   * Where the auth routes are mounted, e.g. `/auth` (default) or `/api/auth`, below any global prefix:
   * with `app.setGlobalPrefix("v1")` and `/api/auth` the routes are at `/v1/api/auth`, and every URL
   * the engine builds (provider callback URLs, redirects) includes the prefix.
   *
   * Under `AuthModule.forRootAsync`, pass `basePath` beside `useFactory`, not in the factory's result:
   * routes are registered before factories run. A factory result with a different `basePath` fails boot.
   *
   * @example
   * ```ts
   * AuthModule.forRootAsync({ basePath: "/api/auth", useFactory: () => ({ providers: [GitHub] }) })
   * ```
   */
  basePath?: string
  session?: SessionOptions
  jwt?: JWTOptions
  callbacks?: Partial<CallbacksOptions>
  events?: Partial<EventCallbacks>
  adapter?: Adapter
  pages?: PagesOptions
  theme?: Theme
  /** Send `debug` messages to the logger. */
  debug?: boolean
  logger?: Partial<AuthLogger>
  /** Force `__Secure-` cookies on or off. Default: on when the request is https. */
  useSecureCookies?: boolean
  cookies?: CookiesOptions
  /**
   * The auth routes' base URL of one stable deployment (e.g. `https://app.example.com/auth`) that
   * receives every OAuth callback, for deployments whose origin changes (previews) and IdPs without
   * wildcard redirect URIs. Give every deployment the same value and the same `secret`. A deployment
   * on another origin sends `<redirectProxyUrl>/callback/<provider>` as `redirect_uri`, with its own
   * callback URL inside the encrypted `state`; the stable one forwards the IdP's answer there, and
   * the preview completes the sign-in. Forces the `state` check; not used with
   * `response_mode=form_post` (as in Auth.js). Default: env `AUTH_REDIRECT_PROXY_URL`.
   */
  redirectProxyUrl?: string
  /**
   * Timeout of every request to an IdP (ms), for each OAuth/OIDC provider without its own
   * `httpOptions.timeout`. Default 10000.
   */
  httpOptions?: HttpOptions
  /**
   * Token lifecycle of every OAuth/OIDC provider: keep the IdP's tokens in the session, refresh
   * them, revoke them or end the IdP session on sign-out. A provider's own `tokens` fields win.
   * Revocation and RP-initiated logout apply only to providers with an issuer (discovery).
   *
   * @example
   * ```ts
   * AuthModule.forRoot({ providers: [Keycloak], tokens: { refresh: true, endSessionOnSignOut: true } })
   * ```
   */
  tokens?: TokenOptions
  /**
   * Failed credentials attempts and sign-in mails per account and per client address (on by
   * default; `false` turns every limit off). See the README's "Sign-in limits".
   *
   * @example
   * ```ts
   * limits: { store: redisLimitStore(redis), credentials: { perIdentifier: { max: 5, window: 900 } } }
   * ```
   */
  limits?: SignInLimitsOptions | false
  /** Disables CSRF checks. Only for integrations that check CSRF themselves. */
  skipCSRFCheck?: typeof skipCSRFCheck
  /** Auth.js's experimental switches: `enableWebAuthn` is required for a WebAuthn (passkey) provider. */
  experimental?: { enableWebAuthn?: boolean }
}

/** Pass as `skipCSRFCheck` to turn the CSRF check off. */
export const skipCSRFCheck: unique symbol = Symbol.for("nestjs-authjs.skip-csrf-check")

/** Endpoint after start-up: a URL (or undefined: from discovery) plus the hooks. */
export interface ResolvedEndpoint {
  url?: URL
  request?: (...args: any[]) => unknown
  conform?: (...args: any[]) => unknown
  /** Token endpoint only: the key of `private_key_jwt` (checked at start-up). */
  clientPrivateKey?: ClientPrivateKey
}

/** An OAuth/OIDC provider after defaults, user options and env were merged. */
export interface InternalOAuthProvider
  extends Omit<OAuthConfig<any>, "authorization" | "token" | "userinfo" | "options" | "httpOptions" | "tokens"> {
  authorization?: ResolvedEndpoint
  token?: ResolvedEndpoint
  userinfo?: ResolvedEndpoint
  checks: Array<"pkce" | "state" | "nonce" | "none">
  profile: NonNullable<OAuthConfig["profile"]>
  account: NonNullable<OAuthConfig["account"]>
  /** `response_mode=form_post`: the IdP POSTs the callback. */
  formPost: boolean
  /**
   * With a redirect proxy: its callback URL for this provider (`<redirectProxyUrl>/callback/<id>`),
   * as in Auth.js. Undefined without one, and for form_post providers.
   */
  redirectProxyUrl?: string
  /** Milliseconds before a request to this IdP is aborted. */
  httpOptions: Readonly<Required<HttpOptions>>
  /** The provider's token options over the config's; `keep` is on whenever another option needs it. */
  tokens: Readonly<Required<Omit<TokenOptions, "coordinator">>>
}

export type InternalCredentialsProvider = Omit<CredentialsConfig<any>, "options">
export type InternalEmailProvider = Omit<EmailConfig, "options">

/** A WebAuthn provider after defaults: the peer's functions and the two hooks are always there. */
export interface InternalWebAuthnProvider
  extends Omit<WebAuthnConfig, "options" | "simpleWebAuthn" | "getUserInfo" | "getRelayingParty" | "enableConditionalUI"> {
  enableConditionalUI: boolean
  simpleWebAuthn: NonNullable<WebAuthnConfig["simpleWebAuthn"]>
  getUserInfo: NonNullable<WebAuthnConfig["getUserInfo"]>
  getRelayingParty: NonNullable<WebAuthnConfig["getRelayingParty"]>
}

export type InternalProvider =
  | InternalOAuthProvider
  | InternalCredentialsProvider
  | InternalEmailProvider
  | InternalWebAuthnProvider

/** The configuration after `resolveConfig`: defaults applied, validated, frozen. Built once. */
export interface ResolvedConfig {
  providers: readonly InternalProvider[]
  providersById: ReadonlyMap<string, InternalProvider>
  /** Never empty; the first encrypts. */
  secrets: readonly string[]
  /** `String(secret)` as Auth.js computes it (arrays joined by commas): salts CSRF and email-token hashes. */
  secretString: string
  trustHost: boolean
  /** Trust came from NODE_ENV alone: email links then ignore X-Forwarded-* (see host-trust.ts). */
  trustHostInferred: boolean
  basePath: string
  /** From env `AUTH_URL`: when set, its origin is the origin of every request. */
  authUrl?: URL
  /** `issuedBy` set: sessions are another app's, read-only here (no routes, no cookies written). */
  session: Required<Omit<SessionOptions, "issuedBy" | "readCache" | "revocation">> & Pick<SessionOptions, "issuedBy" | "revocation">
  jwt: {
    maxAge: number
    encode: (params: JWTEncodeParams) => Awaitable<string>
    decode: (params: JWTDecodeParams) => Awaitable<JWT | null>
    /** True when the user replaced neither codec, so the built-in fast path may be used. */
    builtIn: boolean
    /** Tokens the built-in decoder verified (see verified-tokens.ts); undefined when off or with a custom decode. */
    verified?: VerifiedTokenCache
  }
  callbacks: CallbacksOptions
  events: Partial<EventCallbacks>
  adapter?: Adapter
  pages: PagesOptions
  theme: Theme
  logger: AuthLogger
  useSecureCookies?: boolean
  /** Cookie definitions for plain-http and for secure requests, user overrides merged. */
  cookies: { plain: Readonly<Record<CookieKey, CookieDef>>; secure: Readonly<Record<CookieKey, CookieDef>> }
  skipCSRFCheck: boolean
  redirectProxyUrl?: string
  /** Some provider refreshes its tokens: only then does a session read look at `expires_at`. */
  tokenRefresh: boolean
  /** `tokens.coordinator`: refreshes shared by every instance. */
  coordinator?: Coordinator
  /** `session.readCache` (database sessions): seconds a read is reused, and who tells the instances to forget. */
  readCache?: { maxAgeMs: number; coordinator?: Coordinator }
  /** `limits`: undefined when turned off. */
  limits?: ResolvedLimits
}

export type { ErrorType }

/** The verified-token cache as the decoder uses it; `VerifiedTokens` in jwt/verified-tokens.ts implements it. */
export interface VerifiedTokenCache {
  readonly maxChars: number
  readonly size: number
  get(token: string, keyFor: (kid: string | undefined) => object | undefined): VerifiedToken | undefined
  add(token: string, key: object, kid: string | undefined, text: string, claims: Readonly<Record<string, unknown>>): void
}

export interface VerifiedToken {
  /** The key that verified the token, and the kid of the token's header that chose it. */
  readonly key: object
  readonly kid: string | undefined
  /** The plaintext: the claims as JSON text. */
  readonly text: string
  /**
   * The claims, when every value is a string, number, boolean or null: then a shallow copy is a
   * fresh object no caller can use to change another request's claims, and costs less than parsing.
   */
  readonly flat: Readonly<Record<string, unknown>> | undefined
}
