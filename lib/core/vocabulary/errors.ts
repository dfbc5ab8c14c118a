/** The Auth.js error model: `type` travels in URLs, `kind` picks the page an error lands on. */
export type ErrorType =
  | "Configuration"
  | "AccessDenied"
  | "AdapterError"
  | "CallbackRouteError"
  | "ErrorPageLoop"
  | "EventError"
  | "InvalidCallbackUrl"
  | "CredentialsSignin"
  | "InvalidEndpoints"
  | "InvalidCheck"
  | "JWTSessionError"
  | "MissingAdapter"
  | "MissingAdapterMethods"
  | "MissingAuthorize"
  | "MissingSecret"
  | "OAuthAccountNotLinked"
  | "OAuthCallbackError"
  | "OAuthProfileParseError"
  | "SessionTokenError"
  | "OAuthSignInError"
  | "EmailSignInError"
  | "SignOutError"
  | "UnknownAction"
  | "UnsupportedStrategy"
  | "InvalidProvider"
  | "UntrustedHost"
  | "Verification"
  | "MissingCSRF"
  | "AccountNotLinked"
  | "DuplicateConditionalUI"
  | "MissingWebAuthnAutocomplete"
  | "WebAuthnVerificationError"
  | "ExperimentalFeatureNotEnabled"

export type ErrorKind = "signIn" | "error"

/** Base class of every error the engine raises on purpose. */
export class AuthError extends Error {
  static type: ErrorType = "Configuration"
  /** Which page the user is sent to: the sign-in page or the error page. */
  static kind: ErrorKind = "error"
  type: ErrorType
  kind: ErrorKind

  constructor(message?: string, options?: { cause?: unknown }) {
    super(message, options)
    const ctor = this.constructor as typeof AuthError
    this.type = ctor.type
    this.kind = ctor.kind
    this.name = ctor.name
  }
}

/** An error that sends the user back to the sign-in page. */
export class SignInError extends AuthError {
  static override kind: ErrorKind = "signIn"
}

/** The `signIn` callback refused, or an email sign-in was not allowed. */
export class AccessDenied extends AuthError { static override type: ErrorType = "AccessDenied" }
/** An adapter method threw. */
export class AdapterError extends AuthError { static override type: ErrorType = "AdapterError" }
/** Something unexpected failed inside a callback flow. */
export class CallbackRouteError extends AuthError { static override type: ErrorType = "CallbackRouteError" }
/** The configured error page redirected back to itself. */
export class ErrorPageLoop extends AuthError { static override type: ErrorType = "ErrorPageLoop" }
/** An event handler threw; logged, never surfaced. */
export class EventError extends AuthError { static override type: ErrorType = "EventError" }
/** A callbackUrl that is not a valid http(s) URL. */
export class InvalidCallbackUrl extends AuthError { static override type: ErrorType = "InvalidCallbackUrl" }
/** An OAuth provider lacks the endpoints it needs. */
export class InvalidEndpoints extends AuthError { static override type: ErrorType = "InvalidEndpoints" }
/** A PKCE, state or nonce check failed. */
export class InvalidCheck extends AuthError { static override type: ErrorType = "InvalidCheck" }
/** The session token could not be read; logged, never surfaced. */
export class JWTSessionError extends AuthError { static override type: ErrorType = "JWTSessionError" }
/** The configuration needs an adapter and has none. */
export class MissingAdapter extends AuthError { static override type: ErrorType = "MissingAdapter" }
/** The adapter lacks methods the configuration needs. */
export class MissingAdapterMethods extends AuthError { static override type: ErrorType = "MissingAdapterMethods" }
/** A credentials provider without `authorize`. */
export class MissingAuthorize extends AuthError { static override type: ErrorType = "MissingAuthorize" }
/** No secret was configured. */
export class MissingSecret extends AuthError { static override type: ErrorType = "MissingSecret" }
/** The provider's user mapping threw; logged. */
export class OAuthProfileParseError extends AuthError { static override type: ErrorType = "OAuthProfileParseError" }
/** A database session could not be read; logged, never surfaced. */
export class SessionTokenError extends AuthError { static override type: ErrorType = "SessionTokenError" }
/** Signing out failed; logged, never surfaced. */
export class SignOutError extends AuthError { static override type: ErrorType = "SignOutError" }
/** An action or method the engine does not serve. */
export class UnknownAction extends AuthError { static override type: ErrorType = "UnknownAction" }
/** Credentials-only configuration with the database strategy. */
export class UnsupportedStrategy extends AuthError { static override type: ErrorType = "UnsupportedStrategy" }
/** A callback for a missing or unsuitable provider. */
export class InvalidProvider extends AuthError { static override type: ErrorType = "InvalidProvider" }
/** The host is not trusted (`trustHost` is off). */
export class UntrustedHost extends AuthError { static override type: ErrorType = "UntrustedHost" }
/** An email link that is invalid, expired or used. */
export class Verification extends AuthError { static override type: ErrorType = "Verification" }
/** An experimental feature was used without being enabled. */
export class ExperimentalFeatureNotEnabled extends AuthError {
  static override type: ErrorType = "ExperimentalFeatureNotEnabled"
}

/** More than one WebAuthn provider has `enableConditionalUI`. */
export class DuplicateConditionalUI extends AuthError { static override type: ErrorType = "DuplicateConditionalUI" }
/** The conditional-UI provider has no form field with `autocomplete` containing `webauthn`. */
export class MissingWebAuthnAutocomplete extends AuthError {
  static override type: ErrorType = "MissingWebAuthnAutocomplete"
}
/** A WebAuthn response did not verify (challenge, origin, RP id, signature or counter). */
export class WebAuthnVerificationError extends AuthError {
  static override type: ErrorType = "WebAuthnVerificationError"
}

/** The credentials were not accepted. Subclass it and set `code` to tell the page why. */
export class CredentialsSignin extends SignInError {
  static override type: ErrorType = "CredentialsSignin"
  /** Ends up in the URL: keep it vague. */
  code = "credentials"
}
/** A credentials attempt refused by `limits`: answered exactly as CredentialsSignin, plus `Retry-After`. */
export class SignInLimited extends CredentialsSignin {
  /** Seconds until the window that ran out ends. */
  readonly retryAfter: number
  constructor(retryAfter: number) {
    super("sign-in limit reached")
    this.retryAfter = retryAfter
  }
}
/** The account's email belongs to another user. */
export class OAuthAccountNotLinked extends SignInError { static override type: ErrorType = "OAuthAccountNotLinked" }
/** The identity provider answered with an error. */
export class OAuthCallbackError extends SignInError { static override type: ErrorType = "OAuthCallbackError" }
/** Starting an OAuth sign-in failed. */
export class OAuthSignInError extends SignInError { static override type: ErrorType = "OAuthSignInError" }
/** Starting an email sign-in failed. */
export class EmailSignInError extends SignInError { static override type: ErrorType = "EmailSignInError" }
/** The CSRF token was missing or wrong. */
export class MissingCSRF extends SignInError { static override type: ErrorType = "MissingCSRF" }
/** A WebAuthn account conflict. */
export class AccountNotLinked extends SignInError { static override type: ErrorType = "AccountNotLinked" }

/** Error types whose name may reach a URL as is; all others become `Configuration`. */
const clientSafe = new Set<string>([
  "CredentialsSignin",
  "OAuthAccountNotLinked",
  "OAuthCallbackError",
  "AccessDenied",
  "Verification",
  "MissingCSRF",
  "AccountNotLinked",
  "WebAuthnVerificationError",
])

export function isClientSafeErrorType(type: string): boolean {
  return clientSafe.has(type)
}

/**
 * True for errors from this library's classes — including another copy of them (the ESM and
 * CommonJS builds each have their own), which `instanceof` would miss.
 */
export function isAuthErrorLike(error: unknown): error is AuthError {
  if (error instanceof AuthError) return true
  const e = error as { type?: unknown; kind?: unknown } | null
  return !!e && typeof e === "object" && typeof e.type === "string" && (e.kind === "signIn" || e.kind === "error")
}
