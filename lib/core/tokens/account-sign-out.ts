import { adapterCall } from "../adapter/call.js"
import type { RequestContext } from "../context.js"
import { SignOutError } from "../vocabulary/errors.js"
import type { JWT } from "../vocabulary/models.js"
import { sessionAccount } from "./account-refresh.js"
import { signOutAtIdp } from "./idp-sign-out.js"

/**
 * `tokens.revokeOnSignOut` / `endSessionOnSignOut` with database sessions: the tokens come from the
 * account row of the session's user (`getAccountByUserId`). Runs before the session row is deleted.
 * Returns the IdP's end-session URL when the browser should go there. Never throws.
 */
export async function signOutStoredAccountAtIdp(ctx: RequestContext, sessionToken: string): Promise<string | undefined> {
  const { config } = ctx
  const needs = (p: { tokens: { revokeOnSignOut: boolean; endSessionOnSignOut: boolean } }) =>
    p.tokens.revokeOnSignOut || p.tokens.endSessionOnSignOut
  if (!config.providers.some((p) => (p.type === "oauth" || p.type === "oidc") && needs(p as never))) return undefined
  try {
    const found = await adapterCall(config, "getSessionAndUser", sessionToken)
    if (!found?.user) return undefined
    const stored = await sessionAccount(config, found.user.id, needs)
    if (!stored) return undefined
    const { account, provider } = stored
    const token: JWT = {
      provider: provider.id,
      access_token: account.access_token ?? undefined,
      refresh_token: account.refresh_token ?? undefined,
      id_token: account.id_token ?? undefined,
    }
    return await signOutAtIdp(ctx, token)
  } catch (error) {
    config.logger.error(new SignOutError("Could not sign out at the IdP", { cause: error }))
    return undefined
  }
}
