import type { OAuthConfig, OAuthUserConfig } from "./types.js"

/** Spotify's `GET /v1/me`. */
export interface SpotifyProfile {
  id: string
  display_name: string | null
  email?: string
  images?: Array<{ url: string; height: number | null; width: number | null }>
  [key: string]: unknown
}

/**
 * Sign in with Spotify (OAuth 2). Client id and secret default to env `AUTH_SPOTIFY_ID` /
 * `AUTH_SPOTIFY_SECRET`; the default scope `user-read-email` includes the email address.
 *
 * @example
 * ```ts
 * import Spotify from "nestjs-authjs/providers/spotify"
 * AuthModule.forRoot({ providers: [Spotify({ tokens: { refresh: true } })] })
 * ```
 */
export default function Spotify(config?: OAuthUserConfig<SpotifyProfile>): OAuthConfig<SpotifyProfile> {
  return {
    id: "spotify",
    name: "Spotify",
    type: "oauth",
    authorization: { url: "https://accounts.spotify.com/authorize", params: { scope: "user-read-email" } },
    token: "https://accounts.spotify.com/api/token",
    userinfo: "https://api.spotify.com/v1/me",
    profile(profile) {
      return {
        id: profile.id,
        name: profile.display_name,
        email: profile.email ?? null,
        image: profile.images?.[0]?.url ?? null,
      }
    },
    style: { brandColor: "#1db954" },
    options: config,
  }
}
