import type { InternalOAuthProvider, ResolvedConfig } from "../config/types.js"
import type { Account, JWT } from "../vocabulary/models.js"

/**
 * The claims `tokens.keep` adds to the session JWT at sign-in, under the names of Auth.js's
 * refresh-token guide: `access_token`, `expires_at` (seconds), `refresh_token`, plus `provider`
 * (which IdP to refresh against) and, for RP-initiated logout, `id_token`. Empty when off.
 */
export function keptTokenClaims(config: ResolvedConfig, account: Account | null | undefined): Partial<JWT> {
  if (!account) return {}
  const provider = oauthProvider(config, account.provider)
  if (!provider?.tokens.keep) return {}
  const claims: Partial<JWT> = { provider: provider.id }
  if (account.access_token !== undefined) claims.access_token = account.access_token
  if (account.expires_at !== undefined) claims.expires_at = account.expires_at
  if (account.refresh_token !== undefined) claims.refresh_token = account.refresh_token
  if (provider.tokens.endSessionOnSignOut && account.id_token !== undefined) claims.id_token = account.id_token
  return claims
}

/** The OAuth/OIDC provider with this id, if there is one. */
export function oauthProvider(config: ResolvedConfig, id: unknown): InternalOAuthProvider | undefined {
  if (typeof id !== "string") return undefined
  const provider = config.providersById.get(id)
  return provider?.type === "oauth" || provider?.type === "oidc" ? (provider as InternalOAuthProvider) : undefined
}
