import type { OAuthConfig, OAuthUserConfig } from "./types.js"

/** The parts of Reddit's `GET /api/v1/me` the mapping uses. Reddit shares no email address. */
export interface RedditProfile {
  id: string
  name: string
  /** HTML-escaped (`&amp;` in its query). */
  icon_img?: string
  snoovatar_img?: string
  [key: string]: unknown
}

/**
 * Sign in with Reddit (OAuth 2; Reddit checks `state`, not PKCE). Client id and secret default to env
 * `AUTH_REDDIT_ID` / `AUTH_REDDIT_SECRET`. For a refresh token add `duration: "permanent"` to the
 * authorization params.
 *
 * @example
 * ```ts
 * import Reddit from "nestjs-authjs/providers/reddit"
 * AuthModule.forRoot({ providers: [Reddit({ authorization: { params: { duration: "permanent" } } })] })
 * ```
 */
export default function Reddit(config?: OAuthUserConfig<RedditProfile>): OAuthConfig<RedditProfile> {
  return {
    id: "reddit",
    name: "Reddit",
    type: "oauth",
    authorization: { url: "https://www.reddit.com/api/v1/authorize", params: { scope: "identity" } },
    token: "https://www.reddit.com/api/v1/access_token",
    userinfo: "https://oauth.reddit.com/api/v1/me",
    checks: ["state"],
    profile(profile) {
      const image = profile.snoovatar_img || profile.icon_img
      return { id: profile.id, name: profile.name, email: null, image: image ? image.replace(/&amp;/g, "&") : null }
    },
    style: { brandColor: "#FF4500" },
    options: config,
  }
}
