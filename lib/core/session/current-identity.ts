import { adapterCall } from "../adapter/call.js"
import type { ResolvedConfig } from "../config/types.js"
import { AdapterError, MissingAdapterMethods } from "../vocabulary/errors.js"
import type { JWT } from "../vocabulary/models.js"
import type { SessionManagementMethods } from "../vocabulary/session-management.js"
import { isPlausibleSessionToken } from "./database-session.js"
import { requestSessionCookie, type ServerRequest } from "./request-cookie.js"

/** Who the request's (already verified) session belongs to, for the management calls. */
export interface CurrentIdentity {
  userId: string
  /** Database strategy: the request's session token (never shown to the app). */
  sessionToken?: string
}

/**
 * The user of the request's session. The caller has read the session first (callbacks run, expiry
 * and revocation checked); `token` is that read's JWT. Database strategy: the session row of the
 * request's cookie, looked up again, so the user id comes from the store and never from the app.
 */
export async function currentIdentity(config: ResolvedConfig, req: ServerRequest, token: JWT | null): Promise<CurrentIdentity | null> {
  if (config.session.strategy === "jwt") {
    return typeof token?.sub === "string" && token.sub !== "" ? { userId: token.sub } : null
  }
  const { value } = requestSessionCookie(config, req)
  if (!value || !isPlausibleSessionToken(value)) return null
  const found = await adapterCall(config, "getSessionAndUser", value)
  if (!found?.session || !(new Date(found.session.expires).valueOf() >= Date.now())) return null
  return { userId: String(found.session.userId ?? found.user.id), sessionToken: value }
}

/** An optional management method of the adapter, or a clear error naming it. */
export function managementMethod<K extends keyof SessionManagementMethods>(
  config: ResolvedConfig,
  name: K,
): NonNullable<SessionManagementMethods[K]> {
  const adapter = config.adapter as SessionManagementMethods | undefined
  const fn = adapter?.[name]
  if (typeof fn !== "function") {
    throw new MissingAdapterMethods(`The adapter has no ${name} method (see docs/sessions-and-adapters.md, "Optional adapter methods")`)
  }
  return fn.bind(adapter) as NonNullable<SessionManagementMethods[K]>
}

/** Runs an optional management method as `adapterCall` runs the others: a debug line, failures as `AdapterError`. */
export async function callManagementMethod<K extends keyof SessionManagementMethods>(
  config: ResolvedConfig,
  name: K,
  userId: string,
): Promise<Awaited<ReturnType<NonNullable<SessionManagementMethods[K]>>>> {
  const fn = managementMethod(config, name) as (id: string) => unknown
  config.logger.debug(`adapter_${name}`)
  try {
    return (await fn(userId)) as never
  } catch (error) {
    throw new AdapterError(`adapter.${name} failed`, { cause: error })
  }
}
