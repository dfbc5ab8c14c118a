import type { OAuthConfig, OAuthUserConfig } from "./types.js"

/** Facebook's `GET /me?fields=id,name,email,picture`. */
export interface FacebookProfile {
  id: string
  name: string
  email?: string
  picture?: { data?: { url?: string; height?: number; width?: number; is_silhouette?: boolean } }
  [key: string]: unknown
}

/**
 * Sign in with Facebook (OAuth 2, Graph API v19.0). Client id and secret default to env
 * `AUTH_FACEBOOK_ID` / `AUTH_FACEBOOK_SECRET`. `email` is missing for accounts without one.
 *
 * @example
 * ```ts
 * import Facebook from "nestjs-authjs/providers/facebook"
 * AuthModule.forRoot({ providers: [Facebook] })
 * ```
 */
export default function Facebook(config?: OAuthUserConfig<FacebookProfile>): OAuthConfig<FacebookProfile> {
  return {
    id: "facebook",
    name: "Facebook",
    type: "oauth",
    authorization: { url: "https://www.facebook.com/v19.0/dialog/oauth", params: { scope: "email" } },
    token: "https://graph.facebook.com/oauth/access_token",
    userinfo: "https://graph.facebook.com/me?fields=id,name,email,picture",
    profile(profile) {
      return {
        id: profile.id,
        name: profile.name,
        email: profile.email ?? null,
        image: profile.picture?.data?.url ?? null,
      }
    },
    style: { bg: "#006aff", text: "#fff" },
    options: config,
  }
}
