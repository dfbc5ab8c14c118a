import { randomUUID } from "node:crypto"
import type { Account, Profile, TokenSet, User } from "../vocabulary/models.js"

/**
 * §7.9: the user of a provider without its own `profile()`: standard OIDC claims, with the usual
 * fallbacks of OAuth APIs. `id` becomes the account's `providerAccountId`.
 */
export function defaultProfile(profile: Profile): User {
  const id = profile.sub ?? profile.id ?? randomUUID()
  return withoutUndefined({
    id: String(id),
    name: profile.name ?? profile.nickname ?? profile.preferred_username,
    email: profile.email,
    image: profile.picture,
  }) as User
}

/** §7.10: the token fields a database adapter stores by default. */
export function defaultAccount(tokens: TokenSet): Partial<Account> {
  return withoutUndefined({
    access_token: tokens.access_token,
    id_token: tokens.id_token,
    refresh_token: tokens.refresh_token,
    expires_at: tokens.expires_at,
    scope: tokens.scope,
    token_type: tokens.token_type,
    session_state: tokens.session_state,
  })
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined))
}
