import type { OAuthConfig, OAuthUserConfig } from "./types.js"

/** The ID token claims of "Sign in with Slack" (OpenID Connect). */
export interface SlackProfile {
  sub: string
  name: string
  email: string
  email_verified: boolean
  picture: string
  "https://slack.com/user_id": string
  "https://slack.com/team_id": string
  "https://slack.com/team_name"?: string
  [claim: string]: unknown
}

/**
 * Sign in with Slack (OpenID Connect on `https://slack.com`). Slack checks a `nonce` rather than
 * PKCE. Client id and secret default to env `AUTH_SLACK_ID` / `AUTH_SLACK_SECRET`; the Slack app's
 * redirect URL must be https.
 *
 * @example
 * ```ts
 * import Slack from "nestjs-authjs/providers/slack"
 * AuthModule.forRoot({ providers: [Slack] })
 * ```
 */
export default function Slack(config?: OAuthUserConfig<SlackProfile>): OAuthConfig<SlackProfile> {
  return {
    id: "slack",
    name: "Slack",
    type: "oidc",
    issuer: "https://slack.com",
    checks: ["nonce"],
    style: { brandColor: "#611f69" },
    options: config,
  }
}
