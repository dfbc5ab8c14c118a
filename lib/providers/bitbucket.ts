import type { OAuthConfig, OAuthUserConfig } from "./types.js"

/** The parts of Bitbucket's `GET /2.0/user` the mapping uses, plus the primary email. */
export interface BitbucketProfile {
  account_id: string
  uuid: string
  username?: string
  display_name?: string
  links?: { avatar?: { href?: string } }
  /** The primary confirmed address from `/2.0/user/emails` (needs the `email` scope). */
  email?: string | null
  [key: string]: unknown
}

interface BitbucketEmails {
  values?: Array<{ email: string; is_primary: boolean; is_confirmed: boolean }>
}

/**
 * Sign in with Bitbucket Cloud (OAuth 2). The default scope `account email` lets the sign-in read
 * the primary confirmed address from `/2.0/user/emails`, which `/2.0/user` never includes. Client id
 * (the consumer's key) and secret default to env `AUTH_BITBUCKET_ID` / `AUTH_BITBUCKET_SECRET`.
 *
 * @example
 * ```ts
 * import Bitbucket from "nestjs-authjs/providers/bitbucket"
 * AuthModule.forRoot({ providers: [Bitbucket] })
 * ```
 */
export default function Bitbucket(config?: OAuthUserConfig<BitbucketProfile>): OAuthConfig<BitbucketProfile> {
  const api = "https://api.bitbucket.org/2.0"
  return {
    id: "bitbucket",
    name: "Bitbucket",
    type: "oauth",
    authorization: { url: "https://bitbucket.org/site/oauth2/authorize", params: { scope: "account email" } },
    token: "https://bitbucket.org/site/oauth2/access_token",
    userinfo: {
      url: `${api}/user`,
      // `send` is the engine's fetch for this provider: its [customFetch] and timeout apply.
      async request({ tokens, fetch: send = fetch }) {
        const headers = { Authorization: `Bearer ${tokens.access_token}` }
        const res = await send(`${api}/user`, { headers })
        if (!res.ok) throw new Error(`Bitbucket answered ${res.status} for the user profile`)
        const profile = (await res.json()) as BitbucketProfile
        const emails = await send(`${api}/user/emails`, { headers })
        if (emails.ok) {
          const { values } = (await emails.json()) as BitbucketEmails
          const primary = Array.isArray(values) ? values.find((e) => e.is_primary && e.is_confirmed) : undefined
          profile.email = primary?.email ?? null
        }
        return profile
      },
    },
    profile(profile) {
      return {
        id: profile.account_id,
        name: profile.display_name ?? profile.username ?? null,
        email: profile.email ?? null,
        image: profile.links?.avatar?.href ?? null,
      }
    },
    style: { text: "#fff", bg: "#205081" },
    options: config,
  }
}
