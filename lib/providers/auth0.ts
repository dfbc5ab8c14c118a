import type { OAuthConfig, OAuthUserConfig } from "./types.js"

/** The usual ID token claims Auth0 sends; the default mapping reads `sub`, `name` (else `nickname`, `preferred_username`), `email`, `picture`. */
export interface Auth0Profile {
  sub: string
  name?: string
  email?: string
  email_verified?: boolean
  nickname?: string
  picture?: string
  [claim: string]: unknown
}

/**
 * Sign in with Auth0 (OpenID Connect). The issuer is your tenant's domain, with Auth0's trailing slash
 * (`https://<tenant>.<region>.auth0.com/`).
 *
 * The issuer, client id and secret default to env `AUTH_AUTH0_ISSUER`, `AUTH_AUTH0_ID` and
 * `AUTH_AUTH0_SECRET`; endpoints and keys come from the issuer's discovery document.
 *
 * @example
 * ```ts
 * import Auth0 from "nestjs-authjs/providers/auth0"
 * AuthModule.forRoot({ providers: [Auth0({ issuer: "https://dev-abc123.us.auth0.com/" })] })
 * ```
 */
export default function Auth0(config?: OAuthUserConfig<Auth0Profile>): OAuthConfig<Auth0Profile> {
  return {
    id: "auth0",
    name: "Auth0",
    type: "oidc",
    style: { text: "#fff", bg: "#EB5424" },
    options: config,
  }
}
