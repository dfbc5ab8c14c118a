import type { OAuthConfig, OAuthUserConfig } from "./types.js"

/** X API v2 `GET /2/users/me?user.fields=profile_image_url`. */
export interface TwitterProfile {
  data: {
    id: string
    name: string
    username: string
    profile_image_url?: string
    /** Only with the `users.email` scope and `user.fields=confirmed_email`, under that name. */
    email?: string
    [key: string]: unknown
  }
  [key: string]: unknown
}

/**
 * Sign in with X (formerly Twitter), OAuth 2.0 with PKCE and state. The default scope includes
 * `offline.access`, so X issues a refresh token (see `tokens.refresh`). Client id and secret default
 * to env `AUTH_TWITTER_ID` / `AUTH_TWITTER_SECRET` (a confidential client: Basic authentication).
 *
 * @example
 * ```ts
 * import Twitter from "nestjs-authjs/providers/twitter"
 * AuthModule.forRoot({ providers: [Twitter] })
 * ```
 */
export default function Twitter(config?: OAuthUserConfig<TwitterProfile>): OAuthConfig<TwitterProfile> {
  return {
    id: "twitter",
    name: "Twitter",
    type: "oauth",
    checks: ["pkce", "state"],
    authorization: {
      url: "https://x.com/i/oauth2/authorize",
      params: { scope: "users.read tweet.read offline.access" },
    },
    token: "https://api.x.com/2/oauth2/token",
    userinfo: "https://api.x.com/2/users/me?user.fields=profile_image_url",
    profile({ data }) {
      return { id: data.id, name: data.name, email: data.email ?? null, image: data.profile_image_url ?? null }
    },
    style: { bg: "#1da1f2", text: "#fff" },
    options: config,
  }
}
