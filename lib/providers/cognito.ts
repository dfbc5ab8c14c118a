import type { OAuthConfig, OAuthUserConfig } from "./types.js"

/** The usual ID token claims a Cognito user pool sends. */
export interface CognitoProfile {
  sub: string
  name?: string
  email?: string
  email_verified?: boolean
  "cognito:username"?: string
  picture?: string
  [claim: string]: unknown
}

/**
 * Sign in with an Amazon Cognito user pool (OpenID Connect). The issuer is the user pool's URL
 * (`https://cognito-idp.<region>.amazonaws.com/<user pool id>`); `name` falls back to `cognito:username`.
 *
 * The issuer, client id and secret default to env `AUTH_COGNITO_ISSUER`, `AUTH_COGNITO_ID` and
 * `AUTH_COGNITO_SECRET`; endpoints and keys come from the issuer's discovery document.
 *
 * @example
 * ```ts
 * import Cognito from "nestjs-authjs/providers/cognito"
 * AuthModule.forRoot({ providers: [Cognito({ issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI" })] })
 * ```
 */
export default function Cognito(config?: OAuthUserConfig<CognitoProfile>): OAuthConfig<CognitoProfile> {
  return {
    id: "cognito",
    name: "Cognito",
    type: "oidc",
    profile(profile) {
      return {
        id: profile.sub,
        name: profile.name ?? profile["cognito:username"] ?? null,
        email: profile.email ?? null,
        image: profile.picture ?? null,
      }
    },
    style: { brandColor: "#C17B9E" },
    options: config,
  }
}
