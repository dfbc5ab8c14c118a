import { createHash } from "node:crypto"
import type { ResolvedConfig } from "../config/types.js"
import { fireEvent } from "../events.js"
import type { AdapterSession } from "../vocabulary/adapter.js"
import type { JWT } from "../vocabulary/models.js"
import { deleteDatabaseSession } from "./database-session.js"
import { callManagementMethod, currentIdentity } from "./current-identity.js"
import type { ServerRequest } from "./request-cookie.js"
import { revocationTimeNow } from "./revocation.js"

/** One of the user's sessions, as the app may show it ("your devices"). */
export interface SessionInfo {
  /** An opaque handle for `revokeSession`: a hash of the session token, never the token itself. */
  id: string
  /** ISO-8601 expiry. */
  expires: string
  /**
   * ISO-8601 time of the session's last sliding renewal (its creation if never renewed): `expires`
   * minus `session.maxAge`, so accurate to `session.updateAge`.
   */
  renewedAt: string
  /** The session of this request. */
  current: boolean
}

const HANDLE = /^[A-Za-z0-9_-]{43}$/

/** The handle the app sees for a session token: one-way, so showing or logging it reveals nothing. */
export function sessionHandle(sessionToken: string): string {
  return createHash("sha256").update("nestjs-authjs session handle\0").update(sessionToken).digest("base64url")
}

function assertDatabaseStrategy(config: ResolvedConfig, what: string): void {
  if (config.session.strategy !== "database") throw new Error(`${what} needs session.strategy "database"`)
}

/** The live sessions of the request's user (database strategy), newest renewal first; null without a session. */
export async function listUserSessions(config: ResolvedConfig, req: ServerRequest): Promise<SessionInfo[] | null> {
  assertDatabaseStrategy(config, "listSessions")
  const me = await currentIdentity(config, req, null)
  if (!me) return null
  const rows = await liveSessions(config, me.userId)
  return rows
    .map((row) => {
      const expires = new Date(row.expires)
      return {
        id: sessionHandle(row.sessionToken),
        expires: expires.toISOString(),
        renewedAt: new Date(expires.valueOf() - config.session.maxAge * 1000).toISOString(),
        current: row.sessionToken === me.sessionToken,
      }
    })
    .sort((a, b) => b.expires.localeCompare(a.expires))
}

async function liveSessions(config: ResolvedConfig, userId: string): Promise<AdapterSession[]> {
  const rows = (await callManagementMethod(config, "listSessionsByUserId", userId)) ?? []
  const now = Date.now()
  // Only the user's own rows, whatever the adapter returned.
  return rows.filter((r) => String(r.userId) === userId && new Date(r.expires).valueOf() > now && typeof r.sessionToken === "string")
}

/** The outcome of revoking one session. */
export interface RevokeOne {
  /** A session of the request's user had this handle and is gone. */
  revoked: boolean
  /** It was the request's own session (its cookie should be cleared). */
  current: boolean
}

/**
 * Revokes one of the request's user's sessions by its handle. A handle that is not one of the
 * user's live sessions (forged, another user's, already gone) revokes nothing.
 */
export async function revokeUserSession(config: ResolvedConfig, req: ServerRequest, id: unknown): Promise<RevokeOne> {
  assertDatabaseStrategy(config, "revokeSession")
  const nothing = { revoked: false, current: false }
  if (typeof id !== "string" || !HANDLE.test(id)) return nothing
  const me = await currentIdentity(config, req, null)
  if (!me) return nothing
  const row = (await liveSessions(config, me.userId)).find((r) => sessionHandle(r.sessionToken) === id)
  if (!row) return nothing
  const session = await deleteDatabaseSession(config, row.sessionToken)
  await fireEvent(config, "signOut", { session: session ?? row })
  return { revoked: true, current: row.sessionToken === me.sessionToken }
}

/**
 * Ends every session of the request's user, or every other one (`keepCurrent`). Database strategy:
 * the rows are deleted. JWT strategy (only every session, with `session.revocation`): the user's
 * revocation time moves to now, so every session JWT issued so far is refused. Returns how many
 * database sessions ended (JWT: 0), or null without a session.
 */
export async function revokeUserSessions(
  config: ResolvedConfig,
  req: ServerRequest,
  token: JWT | null,
  keepCurrent: boolean,
): Promise<number | null> {
  const me = await currentIdentity(config, req, token)
  if (!me) return null
  if (config.session.strategy === "jwt") {
    if (keepCurrent) throw new Error('revokeSessions({ keepCurrent: true }) needs session.strategy "database"')
    await revokeAllJwtSessions(config, me.userId)
    return 0
  }
  return deleteDatabaseSessions(config, me.userId, keepCurrent ? me.sessionToken : undefined)
}

/** JWT strategy: every session of `userId` issued until now is refused from the next read on. */
export async function revokeAllJwtSessions(config: ResolvedConfig, userId: string): Promise<void> {
  const store = config.session.revocation
  if (!store) throw new Error("Revoking JWT sessions needs session.revocation (a SessionRevocationStore)")
  await store.revokeAll(userId, revocationTimeNow())
}

async function deleteDatabaseSessions(config: ResolvedConfig, userId: string, keep: string | undefined): Promise<number> {
  let count = 0
  for (const row of await liveSessions(config, userId)) {
    if (row.sessionToken === keep) continue
    const session = await deleteDatabaseSession(config, row.sessionToken)
    await fireEvent(config, "signOut", { session: session ?? row })
    count++
  }
  return count
}
