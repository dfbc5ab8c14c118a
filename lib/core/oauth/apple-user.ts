import type { InternalOAuthProvider } from "../config/types.js"
import type { Profile } from "../vocabulary/models.js"

const APPLE_ISSUER = "https://appleid.apple.com"

/**
 * Apple puts the user's name nowhere but in a `user` field of the form_post callback, a JSON string
 * sent only the first time the user consents (§7.7). Like Auth.js we add it to the ID token claims
 * as `profile.user`, so the provider's `profile()` can read the name. Applies to providers with
 * Apple's issuer or the id `apple`; a missing or malformed field is ignored.
 */
export function withAppleUser(provider: InternalOAuthProvider, profile: Profile, params: URLSearchParams): Profile {
  if (provider.id !== "apple" && provider.issuer !== APPLE_ISSUER) return profile
  const raw = params.get("user")
  if (!raw || raw.length > 4096) return profile
  try {
    const user: unknown = JSON.parse(raw)
    if (typeof user !== "object" || user === null || Array.isArray(user)) return profile
    return { ...profile, user }
  } catch {
    return profile
  }
}
