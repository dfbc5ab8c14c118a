import { createHash } from "node:crypto"
import { adapterCall } from "../adapter/call.js"
import type { InternalOAuthProvider, ResolvedConfig } from "../config/types.js"
import type { AdapterAccount } from "../vocabulary/adapter.js"
import { REFRESH_TOKEN_ERROR, refreshOnce } from "./refresh.js"

/** An access token this close to `expires_at` (seconds) is refreshed already, as for JWT sessions. */
const LEEWAY_SECONDS = 30

/** The account behind a database session, and the provider it belongs to. */
export interface SessionAccount {
  provider: InternalOAuthProvider
  account: AdapterAccount
}

/** Row writes in flight, by refresh-token hash: concurrent requests of this process write once. */
const writes = new Map<string, Promise<AdapterAccount>>()

/**
 * The user's account at the first OAuth/OIDC provider whose token options need it (`refresh`,
 * `revokeOnSignOut`, `endSessionOnSignOut`), through the optional adapter method
 * `getAccountByUserId`. Adapter failures propagate as `AdapterError`.
 */
export async function sessionAccount(
  config: ResolvedConfig,
  userId: string,
  needs: (provider: InternalOAuthProvider) => boolean,
): Promise<SessionAccount | undefined> {
  if (typeof config.adapter?.getAccountByUserId !== "function") return undefined
  for (const candidate of config.providers) {
    if (candidate.type !== "oauth" && candidate.type !== "oidc") continue
    const provider = candidate as InternalOAuthProvider
    if (!needs(provider)) continue
    const account = await adapterCall(config, "getAccountByUserId", userId, provider.id)
    if (account) return { provider, account }
  }
  return undefined
}

/**
 * `tokens.refresh` with database sessions: the account's access token is refreshed when due (one
 * grant per refresh token, shared across instances with `tokens.coordinator`) and the new tokens
 * are written to the account row (`updateAccount`). Returns the account as it is now, and
 * `RefreshTokenError` when a due refresh failed (a refused refresh token is removed from the row).
 */
export async function refreshStoredAccount(
  config: ResolvedConfig,
  userId: string,
): Promise<{ account?: AdapterAccount; error?: string }> {
  const found = await sessionAccount(config, userId, (p) => p.tokens.refresh)
  if (!found) return {}
  const { provider, account } = found
  const expiresAt = Number(account.expires_at)
  if (!Number.isFinite(expiresAt) || expiresAt - LEEWAY_SECONDS > Date.now() / 1000) return { account }
  const refreshToken = account.refresh_token
  if (typeof refreshToken !== "string" || refreshToken === "") return { account, error: REFRESH_TOKEN_ERROR }
  const outcome = await refreshOnce(config, provider, refreshToken)
  if ("failed" in outcome) {
    if (outcome.failed === "final") {
      const dropped = await writeOnce(config, refreshToken, { ...account, refresh_token: null } as unknown as AdapterAccount)
      return { account: dropped, error: REFRESH_TOKEN_ERROR }
    }
    return { account, error: REFRESH_TOKEN_ERROR }
  }
  const { tokens } = outcome
  const next: AdapterAccount = {
    ...account,
    access_token: tokens.access_token,
    // IdPs that do not rotate refresh tokens answer without one: the old one stays valid.
    refresh_token: tokens.refresh_token ?? refreshToken,
  }
  // Without expires_in the new token's lifetime is unknown: it is not refreshed again.
  next.expires_at = tokens.expires_at ?? (null as unknown as undefined)
  if (tokens.id_token !== undefined) next.id_token = tokens.id_token
  return { account: await writeOnce(config, refreshToken, next) }
}

function writeOnce(config: ResolvedConfig, spentToken: string, next: AdapterAccount): Promise<AdapterAccount> {
  const key = createHash("sha256").update(spentToken).digest("base64url")
  const known = writes.get(key)
  if (known) return known
  const write = adapterCall(config, "updateAccount", next).then(() => next)
  writes.set(key, write)
  void write.then(
    () => setTimeout(() => writes.delete(key), 60_000).unref(),
    () => writes.delete(key),
  )
  return write
}
