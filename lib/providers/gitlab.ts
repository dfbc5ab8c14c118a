import type { OAuthConfig, OAuthUserConfig } from "./types.js"

/** The parts of GitLab's `GET /api/v4/user` the default mapping uses. */
export interface GitLabProfile {
  id: number
  username: string
  name: string | null
  email: string | null
  avatar_url: string | null
  [key: string]: unknown
}

export interface GitLabUserConfig extends OAuthUserConfig<GitLabProfile> {
  /** A self-managed GitLab: its URL, e.g. `https://gitlab.example.com` (a path prefix is kept). Default `https://gitlab.com`. */
  baseUrl?: string
}

/**
 * Sign in with GitLab (OAuth 2), on gitlab.com or a self-managed instance. Client id and secret
 * default to env `AUTH_GITLAB_ID` / `AUTH_GITLAB_SECRET`.
 *
 * @example
 * ```ts
 * import GitLab from "nestjs-authjs/providers/gitlab"
 * AuthModule.forRoot({ providers: [GitLab({ baseUrl: "https://gitlab.example.com" })] })
 * ```
 */
export default function GitLab(config?: GitLabUserConfig): OAuthConfig<GitLabProfile> {
  const base = (config?.baseUrl ?? "https://gitlab.com").replace(/\/+$/, "")
  return {
    id: "gitlab",
    name: "GitLab",
    type: "oauth",
    authorization: { url: `${base}/oauth/authorize`, params: { scope: "read_user" } },
    token: `${base}/oauth/token`,
    userinfo: `${base}/api/v4/user`,
    profile(profile) {
      return {
        id: String(profile.sub ?? profile.id),
        name: profile.name ?? profile.username,
        email: profile.email,
        image: profile.avatar_url,
      }
    },
    style: { bg: "#FC6D26", text: "#fff" },
    options: config,
  }
}
