import type { webcrypto } from "node:crypto"
import type { Theme } from "../core/vocabulary/theme.js"
import type { Awaitable, Profile, TokenSet, User, Account } from "../core/vocabulary/models.js"
import type { CustomFetch, customFetch } from "../core/vocabulary/custom-fetch.js"
import type { Coordinator } from "../core/vocabulary/coordinator.js"

/** The kinds of provider Auth.js knows. `email` and `webauthn` are typed for compatibility. */
export type ProviderType = "oauth" | "oidc" | "credentials" | "email" | "webauthn"

/** Sign-in button look on the built-in sign-in page. */
export interface ProviderStyle {
  logo?: string
  bg?: string
  text?: string
  brandColor?: string
}

/** An endpoint given as a URL string, or as an object with extra query parameters. */
export interface EndpointConfig<Extra = Record<string, unknown>> {
  url?: string
  params?: Record<string, unknown>
  /** Extra hooks some endpoints accept (`request` on userinfo, `conform` on token). */
  [key: string]: unknown
  __extra?: Extra
}

export interface UserinfoEndpointConfig extends EndpointConfig {
  /**
   * Fetch the profile yourself, e.g. for IdPs whose user API needs several calls. `fetch` is the
   * provider's own (its `[customFetch]` and `httpOptions.timeout` applied); Auth.js hooks ignore it.
   */
  request?(context: { tokens: TokenSet; provider: OAuthConfig; fetch?: ProviderFetch }): Awaitable<Profile>
}

/**
 * `fetch` for requests to one IdP: the provider's `[customFetch]` (or the global `fetch`), each
 * request aborted after the provider's `httpOptions.timeout`.
 */
export type ProviderFetch = (url: string | URL, init?: RequestInit) => Promise<Response>

/**
 * What the engine passes provider hooks besides Auth.js's arguments (an extension: Auth.js hooks
 * ignore it). Always given by the engine; optional so hooks can be called by hand in tests.
 */
export interface ProviderHookContext {
  /** Use it for any extra request to the IdP (a photo, an email list), so proxies and timeouts apply. */
  fetch: ProviderFetch
}

/** HTTP options for the requests to an IdP (next-auth v4's provider option of the same name). */
export interface HttpOptions {
  /**
   * Milliseconds before a single request to the IdP is aborted: discovery, JWKS, token, userinfo,
   * refresh, revocation and the requests provider hooks make with their `fetch`. Default 10000.
   */
  timeout?: number
}

/**
 * What happens to the IdP's tokens after sign-in (an extension of Auth.js). Set it on a provider,
 * or at the top level of the config for every OAuth/OIDC provider (the provider's fields win).
 */
export interface TokenOptions {
  /**
   * JWT sessions: copy `access_token`, `refresh_token`, `expires_at` and `provider` from the account
   * into the session token at sign-in (before your `jwt` callback runs, which sees them in `token`).
   * Database sessions: replace the tokens stored on the account at every sign-in (Auth.js keeps
   * the first ones). Default false.
   */
  keep?: boolean
  /**
   * When a session read finds `expires_at` passed (30 s of leeway), get a new access token with the
   * refresh-token grant, once per refresh token even under concurrent requests. A failed refresh
   * keeps the session and sets `session.error = "RefreshTokenError"`. Implies `keep`. Database
   * sessions need the adapter methods `getAccountByUserId` and `updateAccount`.
   */
  refresh?: boolean
  /**
   * Top-level `tokens` only: one refresh per refresh token across every instance of the app, not
   * just within one process (`redisCoordinator(redis)` from `nestjs-authjs/redis`, or your own
   * `Coordinator`). One instance takes a lock and calls the IdP; the others wait (bounded) for the
   * result it publishes for a minute. If the store fails, refreshes fall back to one per process
   * and the logger warns once per outage (`coordinator-unavailable`).
   */
  coordinator?: Coordinator
  /** Sign-out revokes the refresh (else access) token at the issuer's `revocation_endpoint` (RFC 7009). Implies `keep`. */
  revokeOnSignOut?: boolean
  /**
   * Sign-out also ends the IdP's session (OpenID RP-Initiated Logout): the browser goes
   * to the issuer's `end_session_endpoint` with the ID token as hint and the sign-out `callbackUrl` as
   * `post_logout_redirect_uri` (register it at the IdP). Implies `keep`, and keeps the `id_token` too.
   */
  endSessionOnSignOut?: boolean
}

export interface TokenEndpointConfig extends EndpointConfig {
  /** Rewrite a non-standard token response before it is processed. */
  conform?(response: Response): Awaitable<Response | undefined>
  /**
   * The client's private key for `client.token_endpoint_auth_method: "private_key_jwt"` (RFC 7523):
   * every request to the token endpoint (code exchange, refresh) and to the revocation endpoint
   * carries a JWT assertion signed with it. Auth.js's option of the same name and shape.
   *
   * @example
   * ```ts
   * const key = await crypto.subtle.importKey("pkcs8", der, { name: "ECDSA", namedCurve: "P-256" }, false, ["sign"])
   * token: { clientPrivateKey: { key, kid: "2026-01" } }
   * ```
   */
  clientPrivateKey?: ClientPrivateKey
}

/**
 * A private `CryptoKey` with the `sign` usage (RSA, RSA-PSS, ECDSA or Ed25519), optionally with the
 * `kid` the IdP knows it by (it goes in the assertion's header).
 */
/** A WebCrypto key, as `crypto.subtle.importKey` and `jose`'s `importJWK`/`importPKCS8` return it. */
export type ClientCryptoKey = webcrypto.CryptoKey

export type ClientPrivateKey = ClientCryptoKey | { key: ClientCryptoKey; kid?: string }

/** Token endpoint client authentication methods (RFC 7591 names). */
export type ClientAuthMethod =
  | "client_secret_basic"
  | "client_secret_post"
  | "client_secret_jwt"
  | "private_key_jwt"
  | "none"

/** Which anti-forgery checks an OAuth sign-in uses. */
export type OAuthCheck = "pkce" | "state" | "nonce" | "none"

/** Client metadata sent to the token endpoint (RFC 7591 names, as oauth4webapi uses them). */
export interface OAuthClientMetadata {
  /**
   * How the client authenticates at the token and revocation endpoints. Default
   * `client_secret_basic`. `client_secret_jwt` signs an assertion with `clientSecret` (HS256);
   * `private_key_jwt` with `token.clientPrivateKey`. Checked at start-up; typed as any string
   * too, as in Auth.js, so its provider objects type-check.
   */
  token_endpoint_auth_method?: ClientAuthMethod | (string & {})
  id_token_signed_response_alg?: string
  [key: string]: unknown
}

/** An OAuth 2 or OpenID Connect provider, in Auth.js's shape. */
export interface OAuthConfig<P extends Profile = Profile> {
  id: string
  name: string
  type: "oauth" | "oidc"
  /** Enables discovery (`<issuer>/.well-known/openid-configuration`) and the `iss` checks. */
  issuer?: string
  wellKnown?: string
  authorization?: string | EndpointConfig
  token?: string | TokenEndpointConfig
  userinfo?: string | UserinfoEndpointConfig
  clientId?: string
  clientSecret?: string
  client?: OAuthClientMetadata
  /** Default `["pkce"]`. */
  checks?: OAuthCheck[]
  // The hooks use method syntax: their parameters are then checked bivariantly, so Auth.js's own
  // provider objects, whose hooks name @auth/core's types, type-check here too.
  /** Maps the IdP's profile to a user. */
  profile?(profile: P, tokens: TokenSet, context?: ProviderHookContext): Awaitable<User>
  /** Picks the token fields stored on the account (database adapters). */
  account?(tokens: TokenSet): Partial<Account> | TokenSet | undefined | void
  /** OIDC only: `false` reads the profile from the userinfo endpoint instead of the ID token. */
  idToken?: boolean
  style?: ProviderStyle
  /** Sign in an existing user whose email matches, without a prior link. Only for IdPs that verify emails. */
  allowDangerousEmailAccountLinking?: boolean
  /** This provider's redirect proxy, instead of the config's `redirectProxyUrl` (see there). */
  redirectProxyUrl?: string
  /** Timeout of the requests to this IdP (an extension; default: the config's `httpOptions`, else 10 s). */
  httpOptions?: HttpOptions
  /** Keep, refresh and revoke this IdP's tokens (an extension; default: the config's `tokens`, else all off). */
  tokens?: TokenOptions
  /** Replaces `fetch` for every request to this IdP (proxies, logging, tests); see `customFetch`. */
  [customFetch]?: CustomFetch
  /** The user's options, kept by factories and merged over the defaults at start-up. */
  options?: OAuthUserConfig<P>
}

/** OIDC is OAuth with an issuer and an ID token. */
export type OIDCConfig<P extends Profile = Profile> = OAuthConfig<P> & { type: "oidc" }
export type OAuth2Config<P extends Profile = Profile> = OAuthConfig<P> & { type: "oauth" }

/** What a user passes to a provider factory such as `GitHub({...})`. */
export type OAuthUserConfig<P extends Profile = Profile> = Partial<Omit<OAuthConfig<P>, "options" | "type">>

/** One input of the credentials form: a label plus any HTML input attributes. */
export interface CredentialInput {
  label?: string
  type?: string
  placeholder?: string
  [attribute: string]: unknown
}

/** Sign in with a form the app checks itself (`authorize`). Always a JWT session. */
export interface CredentialsConfig<C extends Record<string, CredentialInput> = Record<string, CredentialInput>> {
  id: string
  name: string
  type: "credentials"
  credentials: C
  /**
   * Return the user, or `null` to refuse. Throw a `CredentialsSignin` (subclass it to set `code`)
   * to refuse with a reason the sign-in page can show.
   */
  authorize: (
    credentials: Partial<Record<keyof C, unknown>>,
    /** The incoming request as a Web `Request` (callback URL, original headers, JSON body). */
    request: Request,
  ) => Awaitable<User | null | undefined>
  style?: ProviderStyle
  options?: Partial<CredentialsConfig<C>>
}

/** What `sendVerificationRequest` receives: everything needed to write and send the sign-in email. */
export interface SendVerificationRequestParams {
  /** The normalised email address to send the link to. */
  identifier: string
  /** The sign-in link: `<origin><basePath>/callback/<id>?callbackUrl=…&token=…&email=…`. */
  url: string
  /** When the link stops working. */
  expires: Date
  /** The raw token (the adapter only ever stores its hash). */
  token: string
  provider: EmailConfig
  /** The built-in pages' theme, for a matching email (brand color, button text color, logo). */
  theme: Theme
  /** The sign-in request as a Web `Request` (URL, method and headers; the body is not repeated). */
  request: Request
}

/**
 * Sign in with a link sent by email (a "magic link"), in Auth.js's shape: any object with
 * `type: "email"` and a `sendVerificationRequest` function is one. Needs an adapter with
 * `createVerificationToken`, `useVerificationToken` and `getUserByEmail`.
 */
export interface EmailConfig {
  id: string
  name: string
  type: "email"
  /** The sender address, e.g. `"Acme <no-reply@acme.com>"`. */
  from?: string
  /** Seconds a sign-in link stays valid. Default 86400 (one day). */
  maxAge?: number
  /** Transport settings for senders that need them (Nodemailer: an SMTP URL or options object). */
  server?: unknown
  /** API key for HTTP senders; defaults to env `AUTH_<ID>_KEY`. */
  apiKey?: string
  /** HTTP senders: timeout of the call to the mail API (an extension; default: the config's `httpOptions`, else 10 s). */
  httpOptions?: HttpOptions
  /** HTTP senders: replaces `fetch` for the call to the mail API (proxies, logging, tests); see `customFetch`. */
  [customFetch]?: CustomFetch
  /** Salts the stored token hash instead of the configured secret. */
  secret?: string
  // Method syntax: parameters checked bivariantly, so Auth.js's email providers type-check here too.
  /** Sends the email. Throw to report that it could not be sent. */
  sendVerificationRequest(params: SendVerificationRequestParams): Awaitable<void>
  /** Makes the link token. Default: 32 random bytes, hex. */
  generateVerificationToken?: () => Awaitable<string>
  /** Turns what the user typed into the address to use. Default: NFKC, lower case, one plain address. */
  normalizeIdentifier?: (identifier: string) => string
  style?: ProviderStyle
  options?: EmailUserConfig
}

/** What a user passes to an email provider factory. */
export type EmailUserConfig = Partial<Omit<EmailConfig, "options" | "type">>

/** The relying party (this site) as WebAuthn knows it. Arrays are accepted; the first element is used. */
export interface RelayingParty {
  /** Default: the request's hostname. */
  id?: string | string[]
  /** Default: the request's host. */
  name?: string | string[]
  /** Default: the request's origin. */
  origin?: string | string[]
}

/** An input of the passkey form (Auth.js's credentials-input shape; non-string attributes are ignored). */
export interface WebAuthnFormField {
  label?: unknown
  type?: unknown
  placeholder?: unknown
  autocomplete?: unknown
  required?: unknown
}

/** What `getUserInfo` returns: the user named by the request, and whether the adapter knows them. */
export interface WebAuthnUserInfo {
  user: Partial<User> & { email?: string | null }
  exists: boolean
}

/**
 * The four `@simplewebauthn/server` functions a WebAuthn provider carries (Auth.js's `simpleWebAuthn`).
 * Typed loosely so the optional peer's types are never needed to compile an app without passkeys.
 */
export interface SimpleWebAuthnFunctions {
  generateRegistrationOptions(options: any): Promise<any>
  generateAuthenticationOptions(options: any): Promise<any>
  verifyRegistrationResponse(options: any): Promise<any>
  verifyAuthenticationResponse(options: any): Promise<any>
}

/**
 * Passkeys and other WebAuthn credentials, in Auth.js's shape (`@auth/core/providers/webauthn`
 * objects work as they are). Needs `experimental: { enableWebAuthn: true }` and an adapter with the
 * authenticator methods.
 */
export interface WebAuthnConfig {
  id: string
  name: string
  type: "webauthn"
  relayingParty?: RelayingParty
  /** Offer the credentials in the browser's autofill (conditional UI). Default true. */
  enableConditionalUI?: boolean
  /** The sign-in form's inputs; one needs `autocomplete` containing `webauthn` for conditional UI. */
  formFields?: Record<string, WebAuthnFormField>
  /** Spread into `generateRegistrationOptions` (timeout, authenticatorSelection, ...). */
  registrationOptions?: Record<string, unknown>
  /** Spread into `generateAuthenticationOptions` (timeout, userVerification, ...). */
  authenticationOptions?: Record<string, unknown>
  /** Spread into `verifyRegistrationResponse` (requireUserVerification, ...). */
  verifyRegistrationOptions?: Record<string, unknown>
  /** Spread into `verifyAuthenticationResponse`. */
  verifyAuthenticationOptions?: Record<string, unknown>
  /** Who the options request is for. Default: the `email` query (GET) or body (POST) field, looked up by email. */
  getUserInfo?(options: any, request: any): Awaitable<WebAuthnUserInfo | null>
  /** The relying party for a request. Default: `relayingParty`, else the request's URL. */
  getRelayingParty?(options: any, request: any): { id: string; name: string; origin: string }
  simpleWebAuthn?: SimpleWebAuthnFunctions
  /** Auth.js loads this browser library from a CDN; we serve our own script and ignore it. */
  simpleWebAuthnBrowserVersion?: string | false
  style?: ProviderStyle
  options?: Partial<WebAuthnConfig>
}

/** Any provider object. */
export type ProviderConfig = OAuthConfig<any> | CredentialsConfig<any> | EmailConfig | WebAuthnConfig

/** A provider as users pass it: an object, or a factory they did not call (`GitHub`). */
export type Provider = ProviderConfig | ((options?: any) => ProviderConfig)
