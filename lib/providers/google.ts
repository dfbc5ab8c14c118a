import type { OAuthConfig, OAuthUserConfig } from "./types.js"

/** The ID token claims Google sends. */
export interface GoogleProfile {
  iss: string
  aud: string
  sub: string
  email: string
  email_verified: boolean
  name: string
  given_name?: string
  family_name?: string
  picture: string
  hd?: string
  locale?: string
  iat: number
  exp: number
  [claim: string]: unknown
}

/**
 * Sign in with Google (OpenID Connect; endpoints from Google's discovery document).
 *
 * The client id and secret default to env `AUTH_GOOGLE_ID` and `AUTH_GOOGLE_SECRET`.
 *
 * @example
 * ```ts
 * import Google from "nestjs-authjs/providers/google"
 * AuthModule.forRoot({
 *   providers: [Google({ authorization: { params: { prompt: "consent", access_type: "offline" } } })],
 * })
 * ```
 */
export default function Google(config?: OAuthUserConfig<GoogleProfile>): OAuthConfig<GoogleProfile> {
  return {
    id: "google",
    name: "Google",
    type: "oidc",
    issuer: "https://accounts.google.com",
    style: { brandColor: "#1a73e8" },
    options: config,
  }
}
