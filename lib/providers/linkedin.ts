import type { OAuthConfig, OAuthUserConfig } from "./types.js"

/** The ID token claims of "Sign In with LinkedIn using OpenID Connect". */
export interface LinkedInProfile {
  sub: string
  name: string
  given_name: string
  family_name: string
  email: string
  email_verified: boolean
  picture?: string
  locale?: { country: string; language: string } | string
  [claim: string]: unknown
}

/**
 * Sign in with LinkedIn (OpenID Connect on `https://www.linkedin.com/oauth`). LinkedIn takes the
 * client secret in the request body and a `state` check (no PKCE for web apps). Client id and secret
 * default to env `AUTH_LINKEDIN_ID` / `AUTH_LINKEDIN_SECRET`.
 *
 * @example
 * ```ts
 * import LinkedIn from "nestjs-authjs/providers/linkedin"
 * AuthModule.forRoot({ providers: [LinkedIn] })
 * ```
 */
export default function LinkedIn(config?: OAuthUserConfig<LinkedInProfile>): OAuthConfig<LinkedInProfile> {
  return {
    id: "linkedin",
    name: "LinkedIn",
    type: "oidc",
    issuer: "https://www.linkedin.com/oauth",
    client: { token_endpoint_auth_method: "client_secret_post" },
    checks: ["state"],
    style: { bg: "#069", text: "#fff" },
    options: config,
  }
}
