import type { AdapterSession, AdapterUser } from "./adapter.js"
import type { ResolvedConfig } from "./config/types.js"
import type { Session } from "./models.js"

export interface DatabaseSessionRead {
  session: Session | null
  /** Set when the session row's expiry was extended (the cookie should follow). */
  extendedTo?: Date
  /** The stored session was found but had expired (and was deleted). */
  expired: boolean
}

/**
 * Reads a database session as Auth.js does (§4.4): expired rows are deleted, the expiry is extended
 * at most once per `updateAge`, and the `session` callback shapes the result. Adapter errors propagate.
 */
export async function readDatabaseSession(
  config: ResolvedConfig,
  sessionToken: string,
  update?: { data: unknown },
): Promise<DatabaseSessionRead> {
  const adapter = config.adapter!
  const found = await adapter.getSessionAndUser!(sessionToken)
  if (!found) return { session: null, expired: false }
  const now = Date.now()
  const stored: AdapterSession = found.session
  if (new Date(stored.expires).valueOf() < now) {
    await adapter.deleteSession!(sessionToken)
    return { session: null, expired: true }
  }
  const { maxAge, updateAge } = config.session
  let extendedTo: Date | undefined
  if (new Date(stored.expires).valueOf() - maxAge * 1000 + updateAge * 1000 <= now) {
    extendedTo = new Date(now + maxAge * 1000)
    await adapter.updateSession!({ sessionToken, expires: extendedTo })
  }
  const user: AdapterUser = found.user
  const session = await config.callbacks.session({
    session: { ...stored, user } as any,
    user,
    newSession: update?.data,
    ...(update ? { trigger: "update" as const } : {}),
  })
  return { session: (session as Session) ?? null, extendedTo, expired: false }
}
