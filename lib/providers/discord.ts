import type { OAuthConfig, OAuthUserConfig } from "./types.js"

/** The parts of Discord's `GET /users/@me` the default mapping uses. */
export interface DiscordProfile {
  id: string
  username: string
  /** `"0"` for accounts on the new unique-username system. */
  discriminator: string
  global_name: string | null
  avatar: string | null
  email?: string | null
  verified?: boolean
  [key: string]: unknown
}

/**
 * Sign in with Discord (OAuth 2). Client id and secret default to env `AUTH_DISCORD_ID` /
 * `AUTH_DISCORD_SECRET`; the default scope `identify email` includes the email address.
 *
 * @example
 * ```ts
 * import Discord from "nestjs-authjs/providers/discord"
 * AuthModule.forRoot({ providers: [Discord] })
 * ```
 */
export default function Discord(config?: OAuthUserConfig<DiscordProfile>): OAuthConfig<DiscordProfile> {
  return {
    id: "discord",
    name: "Discord",
    type: "oauth",
    authorization: { url: "https://discord.com/api/oauth2/authorize", params: { scope: "identify email" } },
    token: "https://discord.com/api/oauth2/token",
    userinfo: "https://discord.com/api/users/@me",
    profile(profile) {
      return {
        id: profile.id,
        name: profile.global_name ?? profile.username,
        email: profile.email ?? null,
        image: avatarUrl(profile),
      }
    },
    style: { bg: "#5865F2", text: "#fff" },
    options: config,
  }
}

/** The CDN URL of the user's avatar (animated ones are `a_…` GIFs), or of Discord's default avatar. */
function avatarUrl(profile: DiscordProfile): string {
  if (profile.avatar) {
    const format = profile.avatar.startsWith("a_") ? "gif" : "png"
    return `https://cdn.discordapp.com/avatars/${profile.id}/${profile.avatar}.${format}`
  }
  // Default avatars: by user id on the new username system, else by the old discriminator.
  const index =
    profile.discriminator === "0" || !profile.discriminator
      ? Number((BigInt(profile.id) >> 22n) % 6n)
      : Number.parseInt(profile.discriminator, 10) % 5
  return `https://cdn.discordapp.com/embed/avatars/${index}.png`
}
