import type { OAuthConfig, OAuthUserConfig } from "./types.js"

/** The usual ID token claims ZITADEL sends; the default mapping reads `sub`, `name` (else `nickname`, `preferred_username`), `email`, `picture`. */
export interface ZitadelProfile {
  sub: string
  name?: string
  email?: string
  email_verified?: boolean
  preferred_username?: string
  picture?: string
  [claim: string]: unknown
}

/**
 * Sign in with ZITADEL (OpenID Connect). The issuer is your instance's URL.
 *
 * The issuer, client id and secret default to env `AUTH_ZITADEL_ISSUER`, `AUTH_ZITADEL_ID` and
 * `AUTH_ZITADEL_SECRET`; endpoints and keys come from the issuer's discovery document.
 *
 * @example
 * ```ts
 * import Zitadel from "nestjs-authjs/providers/zitadel"
 * AuthModule.forRoot({ providers: [Zitadel({ issuer: "https://acme-abc123.zitadel.cloud" })] })
 * ```
 */
export default function Zitadel(config?: OAuthUserConfig<ZitadelProfile>): OAuthConfig<ZitadelProfile> {
  return {
    id: "zitadel",
    name: "ZITADEL",
    type: "oidc",
    options: config,
  }
}
