import type { OAuthConfig, OAuthUserConfig } from "./types.js"

/** The usual ID token claims Okta sends; the default mapping reads `sub`, `name` (else `nickname`, `preferred_username`), `email`, `picture`. */
export interface OktaProfile {
  sub: string
  name?: string
  email?: string
  email_verified?: boolean
  preferred_username?: string
  locale?: string
  [claim: string]: unknown
}

/**
 * Sign in with Okta (OpenID Connect). The issuer is your org's authorization server, e.g.
 * `https://<org>.okta.com/oauth2/default` (or `https://<org>.okta.com` for the org server).
 *
 * The issuer, client id and secret default to env `AUTH_OKTA_ISSUER`, `AUTH_OKTA_ID` and
 * `AUTH_OKTA_SECRET`; endpoints and keys come from the issuer's discovery document.
 *
 * @example
 * ```ts
 * import Okta from "nestjs-authjs/providers/okta"
 * AuthModule.forRoot({ providers: [Okta({ issuer: "https://dev-123456.okta.com/oauth2/default" })] })
 * ```
 */
export default function Okta(config?: OAuthUserConfig<OktaProfile>): OAuthConfig<OktaProfile> {
  return {
    id: "okta",
    name: "Okta",
    type: "oidc",
    checks: ["pkce", "state"],
    style: { bg: "#000", text: "#fff" },
    options: config,
  }
}
