import type { OAuthConfig, OAuthUserConfig } from "./types.js"

/** The parts of GitHub's `GET /user` answer the default mapping uses (the API returns more). */
export interface GitHubProfile {
  id: number
  login: string
  name: string | null
  email: string | null
  avatar_url: string
  [key: string]: unknown
}

/** One entry of `GET /user/emails`. */
export interface GitHubEmail {
  email: string
  primary: boolean
  verified: boolean
  visibility: "public" | "private" | null
}

export interface GitHubUserConfig extends OAuthUserConfig<GitHubProfile> {
  /** GitHub Enterprise Server: its base URL, e.g. `https://github.example.com`. */
  enterprise?: { baseUrl?: string }
}

/**
 * Sign in with GitHub (an OAuth 2 app or a GitHub App).
 *
 * The client id and secret default to env `AUTH_GITHUB_ID` and `AUTH_GITHUB_SECRET`. The default
 * scope `read:user user:email` lets the sign-in read a private primary email from `/user/emails`.
 *
 * @example
 * ```ts
 * import GitHub from "nestjs-authjs/providers/github"
 * AuthModule.forRoot({ providers: [GitHub] })                       // credentials from env
 * AuthModule.forRoot({ providers: [GitHub({ clientId, clientSecret })] })
 * ```
 */
export default function GitHub(config?: GitHubUserConfig): OAuthConfig<GitHubProfile> {
  const baseUrl = config?.enterprise?.baseUrl ?? "https://github.com"
  const apiBaseUrl = config?.enterprise?.baseUrl ? `${config.enterprise.baseUrl}/api/v3` : "https://api.github.com"

  return {
    id: "github",
    name: "GitHub",
    type: "oauth",
    // GitHub sends RFC 9207 `iss` on the callback; this is the value it sends.
    issuer: `${baseUrl}/login/oauth`,
    authorization: {
      url: `${baseUrl}/login/oauth/authorize`,
      params: { scope: "read:user user:email" },
    },
    token: `${baseUrl}/login/oauth/access_token`,
    userinfo: {
      url: `${apiBaseUrl}/user`,
      // `send` is the engine's fetch for this provider: its [customFetch] and timeout apply.
      async request({ tokens, provider, fetch: send = fetch }) {
        const userinfo = provider.userinfo
        const url = (typeof userinfo === "string" ? userinfo : userinfo?.url) ?? `${apiBaseUrl}/user`
        const headers = { Authorization: `Bearer ${tokens.access_token}`, "User-Agent": "authjs" }
        const res = await send(url, { headers })
        if (!res.ok) throw new Error(`GitHub answered ${res.status} for the user profile`)
        const profile = (await res.json()) as GitHubProfile
        if (!profile.email) {
          // A private email is not in /user; /user/emails lists it (needs the user:email scope).
          const emails = await send(`${apiBaseUrl}/user/emails`, { headers })
          if (emails.ok) {
            const list = (await emails.json()) as GitHubEmail[]
            if (Array.isArray(list)) profile.email = (list.find((entry) => entry.primary) ?? list[0])?.email ?? null
          }
        }
        return profile
      },
    },
    profile(profile) {
      return {
        id: String(profile.id),
        name: profile.name ?? profile.login,
        email: profile.email,
        image: profile.avatar_url,
      }
    },
    style: { bg: "#24292f", text: "#fff" },
    options: config,
  }
}
