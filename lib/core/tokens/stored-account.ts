import type { AdapterAccount } from "../vocabulary/adapter.js"
import { adapterCall } from "../adapter/call.js"
import type { InternalOAuthProvider, ResolvedConfig } from "../config/types.js"
import type { Account } from "../vocabulary/models.js"

/**
 * `tokens.keep` with database sessions: a returning user's sign-in replaces the tokens stored on the
 * account row (Auth.js keeps the first ones forever). The Auth.js adapter interface has no update
 * for accounts, so the row is unlinked and linked again; if linking fails the previous row is
 * restored when the adapter can read it (`getAccount`), and the error propagates.
 */
export async function replaceStoredTokens(
  config: ResolvedConfig,
  provider: InternalOAuthProvider,
  account: Account,
  userId: string,
): Promise<void> {
  const { provider: providerId, type, providerAccountId, userId: _ignored, ...tokenSet } = account
  const row = {
    ...provider.account(tokenSet as never),
    provider: providerId,
    type,
    providerAccountId,
    userId,
  } as AdapterAccount
  const previous = config.adapter?.getAccount
    ? await adapterCall(config, "getAccount", providerAccountId, providerId)
    : null
  await adapterCall(config, "unlinkAccount", { provider: providerId, providerAccountId })
  try {
    await adapterCall(config, "linkAccount", row)
  } catch (error) {
    if (previous) await adapterCall(config, "linkAccount", previous).catch(() => undefined)
    throw error
  }
}
