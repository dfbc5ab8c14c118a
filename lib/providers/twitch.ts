import type { OAuthConfig, OAuthUserConfig } from "./types.js"

/** The ID token claims Twitch sends for the requested `claims`. */
export interface TwitchProfile {
  sub: string
  preferred_username: string
  email?: string
  email_verified?: boolean
  picture?: string
  [claim: string]: unknown
}

/**
 * Sign in with Twitch (OpenID Connect on `https://id.twitch.tv/oauth2`). Twitch needs the client
 * secret in the request body and the ID token claims asked for by name; its token answer lists
 * `scope` as an array, which is joined into the standard string. Client id and secret default to
 * env `AUTH_TWITCH_ID` / `AUTH_TWITCH_SECRET`.
 *
 * @example
 * ```ts
 * import Twitch from "nestjs-authjs/providers/twitch"
 * AuthModule.forRoot({ providers: [Twitch] })
 * ```
 */
export default function Twitch(config?: OAuthUserConfig<TwitchProfile>): OAuthConfig<TwitchProfile> {
  return {
    id: "twitch",
    name: "Twitch",
    type: "oidc",
    issuer: "https://id.twitch.tv/oauth2",
    client: { token_endpoint_auth_method: "client_secret_post" },
    authorization: {
      params: {
        scope: "openid user:read:email",
        claims: { id_token: { email: null, picture: null, preferred_username: null } },
      },
    },
    token: { conform: conformTwitchTokenResponse },
    style: { bg: "#65459B", text: "#fff" },
    options: config,
  }
}

/**
 * RFC 6749 wants `scope` as a space-separated string; Twitch sends an array. Its errors read
 * `{ status, message }` rather than `{ error }`. Other answers pass unchanged.
 */
async function conformTwitchTokenResponse(response: Response): Promise<Response | undefined> {
  let body: Record<string, unknown>
  try {
    body = (await response.json()) as Record<string, unknown>
  } catch {
    return undefined
  }
  if (typeof body !== "object" || body === null) return undefined
  const init = { status: response.status, headers: { "content-type": "application/json" } }
  if (response.ok && Array.isArray(body.scope)) {
    return new Response(JSON.stringify({ ...body, scope: body.scope.join(" ") }), init)
  }
  if (!response.ok && typeof body.error !== "string") {
    const conformed = { error: "invalid_request", error_description: String(body.message ?? "") }
    return new Response(JSON.stringify(conformed), init)
  }
  return undefined
}
