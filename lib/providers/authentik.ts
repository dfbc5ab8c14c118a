import type { OAuthConfig, OAuthUserConfig } from "./types.js"

/** The usual ID token claims Authentik sends; the default mapping reads `sub`, `name` (else `nickname`, `preferred_username`), `email`, `picture`. */
export interface AuthentikProfile {
  sub: string
  name?: string
  email?: string
  email_verified?: boolean
  preferred_username?: string
  nickname?: string
  [claim: string]: unknown
}

/**
 * Sign in with authentik (OpenID Connect). The issuer is the application's provider URL, with its
 * trailing slash (`https://<host>/application/o/<application slug>/`).
 *
 * The issuer, client id and secret default to env `AUTH_AUTHENTIK_ISSUER`, `AUTH_AUTHENTIK_ID` and
 * `AUTH_AUTHENTIK_SECRET`; endpoints and keys come from the issuer's discovery document.
 *
 * @example
 * ```ts
 * import Authentik from "nestjs-authjs/providers/authentik"
 * AuthModule.forRoot({ providers: [Authentik({ issuer: "https://authentik.example.com/application/o/my-app/" })] })
 * ```
 */
export default function Authentik(config?: OAuthUserConfig<AuthentikProfile>): OAuthConfig<AuthentikProfile> {
  return {
    id: "authentik",
    name: "Authentik",
    type: "oidc",
    options: config,
  }
}
