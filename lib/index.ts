/**
 * `nestjs-authjs`: Auth.js-compatible authentication for NestJS on Express.
 *
 * Every public name is listed here explicitly; providers live in `nestjs-authjs/providers/<name>`
 * and the token codec in `nestjs-authjs/jwt`.
 */

// Nest integration
export { AuthModule } from "./nest/auth.module.js"
export type { AuthModuleExtras, AuthModuleOptions } from "./nest/auth.module-definition.js"
export type { AuthGuardOptions } from "./nest/guard-options.js"
export type { RolesSource } from "./core/roles.js"
export { AuthGuard } from "./nest/auth.guard.js"
export { AuthService } from "./nest/auth.service.js"
export { SessionLocalsMiddleware } from "./nest/session-locals.middleware.js"
export type { SessionState } from "./nest/session.reader.js"
export { Session } from "./session.js"
export { Authorize, Public, Roles } from "./nest/access.decorators.js"
export type { AuthorizePredicate } from "./nest/access.decorators.js"
export type { IssuedToken } from "./core/session/bearer-session.js"
export type { ServerSignInOptions } from "./core/session/server-session.js"
export type { SessionInfo } from "./core/session/session-management.js"
export type { LinkedAccount, UnlinkResult } from "./core/session/linked-accounts.js"
export type { HttpResponse } from "./nest/express-bridge.js"
export type { CookieResponse, HttpRequest } from "./nest/http-bridge.js"
export { addAuthSecuritySchemes, BEARER_SECURITY_SCHEME, SESSION_SECURITY_SCHEME } from "./nest/openapi-security.js"
export type { AuthOpenApiOptions, OpenApiDocumentLike } from "./nest/openapi-security.js"

// Configuration
export { skipCSRFCheck } from "./core/config/types.js"
export type { AuthConfig, AuthLogger, CookiesOptions, PagesOptions, WarningCode } from "./core/config/types.js"
export type { JWTDecodeParams, JWTEncodeParams, JWTOptions, SessionIssuer, SessionOptions } from "./core/config/session-options.js"
export type { Theme } from "./core/vocabulary/theme.js"
export type { CallbacksOptions, EventCallbacks } from "./core/config/callbacks.js"
export type { CookieOptions } from "./core/vocabulary/http.js"
export { customFetch } from "./core/vocabulary/custom-fetch.js"
export type { CustomFetch } from "./core/vocabulary/custom-fetch.js"
export type { Coordinator } from "./core/vocabulary/coordinator.js"
export type { CredentialsLimitOptions, EmailLimitOptions, IdentifyCredentials, LimitCount, LimitRule, LimitStore, SignInLimitedMessage, SignInLimitsOptions } from "./core/vocabulary/limits.js"

// Adapters (any Auth.js adapter object works; this one is for development only)
export { MemoryAdapter } from "./adapters/memory-adapter.js"
// Session management beyond Auth.js: optional adapter methods and JWT revocation stores (no peer imported)
export type { SessionManagementMethods, SessionRevocationStore } from "./core/vocabulary/session-management.js"
export { PostgresSessionMethods } from "./adapters/sql-session-methods.js"
export type { PostgresSessionMethodsOptions, SqlQueryable } from "./adapters/sql-session-methods.js"
export { UnstorageSessionIndex } from "./adapters/unstorage-session-index.js"
export type { IndexStorage, UnstorageSessionIndexOptions } from "./adapters/unstorage-session-index.js"
export { MemoryRevocationStore, RedisRevocationStore } from "./adapters/revocation-stores.js"
export { POSTGRES_REVOCATION_TABLE, PostgresRevocationStore } from "./adapters/postgres-revocation-store.js"
export type { PostgresRevocationStoreOptions } from "./adapters/postgres-revocation-store.js"
export type { RedisLikeClient, RedisRevocationStoreOptions } from "./adapters/revocation-stores.js"

// Data shapes (Session, the type, is exported above together with the decorator of the same name)
export type { Account, Awaitable, DefaultSession, JWT, Profile, TokenSet, User } from "./core/vocabulary/models.js"
export type {
  Adapter,
  AdapterAccount,
  AdapterAccountType,
  AdapterAuthenticator,
  AdapterSession,
  AdapterUser,
  VerificationToken,
} from "./core/vocabulary/adapter.js"

// Providers
export type {
  ClientAuthMethod,
  ClientPrivateKey,
  CredentialInput,
  CredentialsConfig,
  EmailConfig,
  EmailUserConfig,
  HttpOptions,
  OAuth2Config,
  OAuthCheck,
  OAuthConfig,
  OAuthUserConfig,
  OIDCConfig,
  Provider,
  ProviderConfig,
  ProviderFetch,
  ProviderHookContext,
  ProviderStyle,
  ProviderType,
  SendVerificationRequestParams,
  RelayingParty,
  SimpleWebAuthnFunctions,
  TokenOptions,
  WebAuthnConfig,
  WebAuthnUserInfo,
} from "./providers/types.js"

// Errors (the Auth.js classes, with the same names and `type` strings)
export {
  AccessDenied,
  AccountNotLinked,
  AdapterError,
  AuthError,
  CallbackRouteError,
  CredentialsSignin,
  EmailSignInError,
  ErrorPageLoop,
  DuplicateConditionalUI,
  EventError,
  ExperimentalFeatureNotEnabled,
  InvalidCallbackUrl,
  InvalidCheck,
  InvalidEndpoints,
  InvalidProvider,
  JWTSessionError,
  MissingAdapter,
  MissingAdapterMethods,
  MissingAuthorize,
  MissingCSRF,
  MissingSecret,
  MissingWebAuthnAutocomplete,
  OAuthAccountNotLinked,
  OAuthCallbackError,
  OAuthProfileParseError,
  OAuthSignInError,
  SessionTokenError,
  SignInError,
  SignOutError,
  UnknownAction,
  UnsupportedStrategy,
  UntrustedHost,
  Verification,
  WebAuthnVerificationError,
} from "./core/vocabulary/errors.js"
export type { ErrorType } from "./core/vocabulary/errors.js"
