import { adapterCall } from "../adapter/call.js"
import type { ResolvedConfig } from "../config/types.js"
import type { AdapterAccount } from "../vocabulary/adapter.js"
import type { JWT } from "../vocabulary/models.js"
import { callManagementMethod, currentIdentity } from "./current-identity.js"
import type { ServerRequest } from "./request-cookie.js"
import { revokeAllJwtSessions } from "./session-management.js"

/** A sign-in method linked to the user: no tokens, only what identifies it. */
export interface LinkedAccount {
  provider: string
  providerAccountId: string
  type: string
}

/** Why an unlink did or did not happen. */
export type UnlinkResult = "unlinked" | "not-found" | "last-sign-in-method" | "no-session"

/** The accounts linked to the request's user (through `adapter.listAccountsByUserId`); null without a session. */
export async function listUserAccounts(config: ResolvedConfig, req: ServerRequest, token: JWT | null): Promise<LinkedAccount[] | null> {
  const me = await currentIdentity(config, req, token)
  if (!me) return null
  return (await accountsOf(config, me.userId)).map(({ provider, providerAccountId, type }) => ({
    provider,
    providerAccountId,
    type,
  }))
}

async function accountsOf(config: ResolvedConfig, userId: string): Promise<AdapterAccount[]> {
  const rows = (await callManagementMethod(config, "listAccountsByUserId", userId)) ?? []
  return rows.filter((a) => String(a.userId) === userId)
}

/**
 * Unlinks one of the request's user's accounts through `adapter.unlinkAccount`. Refused when it is
 * the user's last way to sign in: no other account, and no email provider with the user's address.
 * An account that is not the user's is "not-found", whoever it belongs to.
 */
export async function unlinkUserAccount(
  config: ResolvedConfig,
  req: ServerRequest,
  token: JWT | null,
  which: { provider?: unknown; providerAccountId?: unknown },
): Promise<UnlinkResult> {
  const { provider, providerAccountId } = which ?? {}
  if (typeof provider !== "string" || typeof providerAccountId !== "string") return "not-found"
  const me = await currentIdentity(config, req, token)
  if (!me) return "no-session"
  const accounts = await accountsOf(config, me.userId)
  const target = accounts.find((a) => a.provider === provider && String(a.providerAccountId) === providerAccountId)
  if (!target) return "not-found"
  if (accounts.length === 1 && !(await canSignInByEmail(config, me.userId))) return "last-sign-in-method"
  await adapterCall(config, "unlinkAccount", { provider, providerAccountId: target.providerAccountId })
  return "unlinked"
}

async function canSignInByEmail(config: ResolvedConfig, userId: string): Promise<boolean> {
  if (!config.providers.some((p) => p.type === "email")) return false
  const user = await adapterCall(config, "getUser", userId)
  return typeof user?.email === "string" && user.email !== ""
}

/**
 * Deletes the request's user through `adapter.deleteUser` (Auth.js adapters delete the user's
 * accounts and sessions with it). JWT strategy with `session.revocation`: every session JWT of the
 * user is revoked too. False without a session.
 */
export async function deleteCurrentUser(config: ResolvedConfig, req: ServerRequest, token: JWT | null): Promise<boolean> {
  const me = await currentIdentity(config, req, token)
  if (!me) return false
  await adapterCall(config, "deleteUser", me.userId)
  if (config.session.strategy === "jwt" && config.session.revocation) await revokeAllJwtSessions(config, me.userId)
  return true
}
