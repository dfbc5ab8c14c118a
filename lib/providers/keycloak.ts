import type { OAuthConfig, OAuthUserConfig } from "./types.js"

/** The usual ID token claims Keycloak sends; the default mapping reads `sub`, `name` (else `nickname`, `preferred_username`), `email`, `picture`. */
export interface KeycloakProfile {
  sub: string
  name?: string
  email?: string
  email_verified?: boolean
  preferred_username?: string
  given_name?: string
  family_name?: string
  [claim: string]: unknown
}

/**
 * Sign in with Keycloak (OpenID Connect). The issuer is the realm's URL (`https://<host>/realms/<realm>`).
 *
 * The issuer, client id and secret default to env `AUTH_KEYCLOAK_ISSUER`, `AUTH_KEYCLOAK_ID` and
 * `AUTH_KEYCLOAK_SECRET`; endpoints and keys come from the issuer's discovery document.
 *
 * @example
 * ```ts
 * import Keycloak from "nestjs-authjs/providers/keycloak"
 * AuthModule.forRoot({ providers: [Keycloak({ issuer: "https://sso.example.com/realms/acme" })] })
 * ```
 */
export default function Keycloak(config?: OAuthUserConfig<KeycloakProfile>): OAuthConfig<KeycloakProfile> {
  return {
    id: "keycloak",
    name: "Keycloak",
    type: "oidc",
    style: { brandColor: "#428bca" },
    options: config,
  }
}
