import type { OAuthConfig, OAuthUserConfig } from "./types.js"

/** The ID token claims Apple sends, plus `user`: the form field of the first sign-in (§7.7). */
export interface AppleProfile {
  sub: string
  email?: string
  /** A relay address (`…@privaterelay.appleid.com`); Apple sends it as a string, `"true"`. */
  is_private_email?: string | boolean
  /** Only on the first sign-in: what the user agreed to share. */
  user?: { name?: { firstName?: string; lastName?: string }; email?: string }
  [claim: string]: unknown
}

/**
 * Sign in with Apple (OpenID Connect, `response_mode=form_post`).
 *
 * Apple POSTs the callback from its own site, so the state and nonce cookies are `SameSite=None;
 * Secure`: serve the app over https. The user's name arrives once, on the first sign-in, in a
 * `user` form field; the profile's `name` falls back to the email afterwards. The client secret is
 * a JWT you sign with your Apple key (ES256, at most six months valid), e.g. with `jose`; client id
 * (the Services ID) and secret default to env `AUTH_APPLE_ID` / `AUTH_APPLE_SECRET`.
 *
 * @example
 * ```ts
 * import Apple from "nestjs-authjs/providers/apple"
 * AuthModule.forRoot({ providers: [Apple({ clientId: "com.example.web", clientSecret: appleClientSecretJwt })] })
 * ```
 */
export default function Apple(config?: OAuthUserConfig<AppleProfile>): OAuthConfig<AppleProfile> {
  return {
    id: "apple",
    name: "Apple",
    type: "oidc",
    issuer: "https://appleid.apple.com",
    authorization: { params: { scope: "name email", response_mode: "form_post" } },
    client: { token_endpoint_auth_method: "client_secret_post" },
    checks: ["nonce", "state"],
    profile(profile) {
      const name = [profile.user?.name?.firstName, profile.user?.name?.lastName].filter(Boolean).join(" ")
      return { id: profile.sub, name: name || profile.email || null, email: profile.email ?? null, image: null }
    },
    style: { text: "#fff", bg: "#000" },
    options: config,
  }
}
