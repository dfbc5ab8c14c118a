import type { AdapterSession, AdapterUser } from "../vocabulary/adapter.js"
import { adapterCall } from "../adapter/call.js"
import type { ResolvedConfig } from "../config/types.js"
import type { Session } from "../vocabulary/models.js"
import { SESSION_CHUNK_SIZE } from "./cookie-store.js"
import { refreshStoredAccount } from "../tokens/account-refresh.js"
import { cachedSessionAndUser, forgetSessionRead, noteSessionExpiry } from "./read-cache.js"

export interface DatabaseSessionRead {
  session: Session | null
  /** Set when the session row's expiry was extended (the cookie should follow). */
  extendedTo?: Date
  /** The stored session was found but had expired (and was deleted). */
  expired: boolean
}

/**
 * A database session token is one cookie of visible ASCII (a UUID by default). Anything else, such
 * as a percent-decoded NUL byte or a chunked multi-kilobyte value, is no session: it never reaches
 * the database, where it could only fail (and look like an outage) or waste a query.
 */
export function isPlausibleSessionToken(value: string): boolean {
  return value.length > 0 && value.length <= SESSION_CHUNK_SIZE && /^[\x21-\x7e]+$/.test(value)
}

/**
 * Reads a database session as Auth.js does (§4.4, §10.3): expired rows are deleted, the expiry is
 * extended at most once per `updateAge`, and the `session` callback shapes the result.
 * Adapter failures propagate as `AdapterError`; a throwing `session` callback propagates as is.
 */
export async function readDatabaseSession(
  config: ResolvedConfig,
  sessionToken: string,
  update?: { data: unknown },
): Promise<DatabaseSessionRead> {
  if (!isPlausibleSessionToken(sessionToken)) return { session: null, expired: false }
  // session.readCache: a few seconds in memory (off by default, so this is the adapter's read).
  const found = await cachedSessionAndUser(config, sessionToken)
  if (!found?.session || !found.user) return { session: null, expired: false }
  const now = Date.now()
  const stored: AdapterSession = found.session
  const storedExpiry = new Date(stored.expires).valueOf()
  // An unreadable expiry is treated like a past one: a session must not live forever by accident.
  if (!(storedExpiry >= now)) {
    await adapterCall(config, "deleteSession", sessionToken)
    await forgetSessionRead(config, sessionToken)
    return { session: null, expired: true }
  }
  const { maxAge, updateAge } = config.session
  let extendedTo: Date | undefined
  if (storedExpiry - maxAge * 1000 + updateAge * 1000 <= now) {
    extendedTo = new Date(now + maxAge * 1000)
    await adapterCall(config, "updateSession", { sessionToken, expires: extendedTo })
    noteSessionExpiry(config, sessionToken, extendedTo)
  }
  const user: AdapterUser = found.user
  // tokens.refresh: the account row's access token, refreshed when due (one adapter read otherwise).
  const { account, error } = config.tokenRefresh ? await refreshStoredAccount(config, user.id) : {}
  const session = (await config.callbacks.session({
    session: { ...stored, user } as any,
    user,
    ...(account ? { account } : {}),
    newSession: update?.data,
    ...(update ? { trigger: "update" as const } : {}),
  })) as Session | null
  if (session && error && session.error === undefined) session.error = error
  return { session: session ?? null, extendedTo, expired: false }
}

/**
 * Deletes a session row and, with `session.readCache`, makes every instance forget it at once: every
 * way a session ends (sign-out, revocation, a server-side sign-in replacing it) goes through here.
 */
export async function deleteDatabaseSession(config: ResolvedConfig, sessionToken: string): Promise<AdapterSession | null | undefined | void> {
  const deleted = await adapterCall(config, "deleteSession", sessionToken)
  await forgetSessionRead(config, sessionToken)
  return deleted
}
