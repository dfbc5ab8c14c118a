/** Data shapes shared by callbacks, adapters and providers (Auth.js's names). */

export type Awaitable<T> = T | PromiseLike<T>

/** A user as providers, callbacks and adapters see it. */
export interface User {
  id?: string
  name?: string | null
  email?: string | null
  image?: string | null
}

/** What the IdP returned about the user (ID token claims or userinfo). */
export interface Profile {
  sub?: string | null
  name?: string | null
  given_name?: string | null
  family_name?: string | null
  email?: string | null
  email_verified?: boolean | null
  picture?: unknown
  [claim: string]: unknown
}

/** The token endpoint's answer, plus `expires_at` (seconds since the epoch). */
export interface TokenSet {
  access_token?: string
  token_type?: string
  id_token?: string
  refresh_token?: string
  scope?: string
  expires_in?: number
  expires_at?: number
  [key: string]: unknown
}

/** The link between a user and a provider, with the tokens the provider returned. */
export interface Account extends TokenSet {
  provider: string
  providerAccountId: string
  type: "oauth" | "oidc" | "credentials" | "email" | "webauthn"
  userId?: string
}

/** The claims inside the session cookie. */
export interface JWT {
  name?: string | null
  email?: string | null
  picture?: string | null
  sub?: string
  iat?: number
  exp?: number
  jti?: string
  [claim: string]: unknown
}

/** The default session shape; extend it through the `session` callback. */
export interface DefaultSession {
  user?: {
    name?: string | null
    email?: string | null
    image?: string | null
  }
  /** ISO-8601 expiry. */
  expires: string
  /**
   * Set by the engine, not by Auth.js's defaults: `"RefreshTokenError"` when `tokens.refresh` could not
   * renew the IdP's access token (ask the user to sign in again). Typed `string` so that an app's own
   * augmentation (`error?: "RefreshTokenError"`, as in Auth.js's refresh guide) still merges.
   */
  error?: string
}

/**
 * What `GET <basePath>/session`, `@Session()` and `AuthService.getSession` give: `DefaultSession` plus
 * whatever the `session` callback adds.
 *
 * Declared empty here on purpose. The public `Session` lives in lib/session.ts beside the `@Session()`
 * decorator of the same name (TypeScript merges a user's augmentation of `nestjs-authjs` only into a
 * declaration that lives with the exported value), and lib/session.ts makes this interface extend it.
 * So the engine's types see every field a user declares, while the engine imports nothing above it.
 */
export interface Session {}
