import { createHash } from "node:crypto"
import type { InternalOAuthProvider, ResolvedConfig } from "../config/types.js"
import type { JWT, Session, TokenSet } from "../vocabulary/models.js"
import { withoutDetails } from "../oauth/safe-error.js"
import { oauthProvider } from "./kept-tokens.js"
import { isDefinitiveRefusal, refreshTokenGrant } from "./refresh-grant.js"
import { sharedRefresh, type Outcome } from "./shared-refresh.js"

/** The `error` a session carries when its access token could not be refreshed (Auth.js's guide uses this name). */
export const REFRESH_TOKEN_ERROR = "RefreshTokenError"

/** An access token this close to `expires_at` (seconds) is refreshed already, so it outlives the request. */
const LEEWAY_SECONDS = 30
/**
 * How long a settled refresh answers for the refresh token it used. A request that left the browser
 * before the rotated cookie arrived still carries the old refresh token, which a rotating IdP has
 * already spent: it gets the same new tokens instead of a refusal.
 */
const REUSE_MS = 60_000
/** An IdP that is down or slow is asked again after this long, not on every request. */
const RETRY_AFTER_MS = 10_000
const MAX_ENTRIES = 10_000

interface Flight {
  outcome: Promise<Outcome>
  /** Set when the refresh settled: the entry answers until then. */
  until?: number
}

/** Refreshes in flight or recently settled, by provider and refresh-token hash (one refresh per token). */
const flights = new Map<string, Flight>()

/**
 * The session read's refresh step (`tokens.refresh`): a new token when the kept access token has
 * expired, else undefined. Costs a few property reads unless a refresh is due. A failed refresh
 * returns the token with `error: "RefreshTokenError"` (and without a refresh token the IdP refused),
 * so the session survives and the app can ask the user to sign in again. Never throws.
 */
export async function refreshIfDue(config: ResolvedConfig, token: JWT): Promise<JWT | undefined> {
  const expiresAt = token.expires_at
  if (typeof expiresAt !== "number" || expiresAt - LEEWAY_SECONDS > Date.now() / 1000) return undefined
  const provider = oauthProvider(config, token.provider)
  if (!provider?.tokens.refresh) return undefined
  const refreshToken = token.refresh_token
  if (typeof refreshToken !== "string" || refreshToken === "") {
    return token.error === REFRESH_TOKEN_ERROR ? undefined : { ...token, error: REFRESH_TOKEN_ERROR }
  }
  const outcome = await refreshOnce(config, provider, refreshToken)
  return "tokens" in outcome ? refreshed(token, outcome.tokens) : failed(token, outcome.failed)
}

/** Copies a refresh error from the token onto the session, unless the `session` callback set its own. */
export function surfaceRefreshError(session: Session | null, token: JWT): void {
  if (session && token.error === REFRESH_TOKEN_ERROR && session.error === undefined) session.error = token.error
}

/** Forgets every remembered refresh (tests). */
export function clearRefreshFlights(): void {
  flights.clear()
}

/**
 * One refresh-token grant per refresh token: within this process always, and across instances with
 * `tokens.coordinator`. Settled outcomes answer for a minute (10 s after a transient failure).
 * Also used by database sessions (account-refresh.ts). Never rejects.
 */
export function refreshOnce(config: ResolvedConfig, provider: InternalOAuthProvider, refreshToken: string): Promise<Outcome> {
  const key = `${provider.id}:${createHash("sha256").update(refreshToken).digest("base64url")}`
  const now = Date.now()
  const known = flights.get(key)
  if (known && (known.until === undefined || known.until > now)) return known.outcome
  if (known) flights.delete(key)
  evict(now)
  const { coordinator } = config
  const flight: Flight = {
    outcome: coordinator
      ? sharedRefresh(config, coordinator, provider, key, { reuseMs: REUSE_MS, retryMs: RETRY_AFTER_MS }, () =>
          run(config, provider, refreshToken),
        )
      : run(config, provider, refreshToken),
  }
  flights.set(key, flight)
  // `run` never rejects (it turns every failure into an outcome), so neither does this.
  void flight.outcome.then((outcome) => {
    flight.until = Date.now() + ("failed" in outcome && outcome.failed === "retry" ? RETRY_AFTER_MS : REUSE_MS)
  })
  return flight.outcome
}

async function run(config: ResolvedConfig, provider: InternalOAuthProvider, refreshToken: string): Promise<Outcome> {
  try {
    const tokens = await refreshTokenGrant(provider, refreshToken)
    if (typeof tokens.access_token !== "string") throw new TypeError("the refresh answer has no access_token")
    return { tokens }
  } catch (error) {
    const final = isDefinitiveRefusal(error)
    const logged = new Error(`Could not refresh the access token of provider ${provider.id}`, {
      cause: withoutDetails(error),
    })
    logged.name = REFRESH_TOKEN_ERROR
    config.logger.error(logged)
    return { failed: final ? "final" : "retry" }
  }
}

function refreshed(token: JWT, tokens: TokenSet): JWT {
  const { error: _cleared, expires_at: _old, ...rest } = token
  const next: JWT = { ...rest, access_token: tokens.access_token }
  // Without expires_in the new token's lifetime is unknown: it is not refreshed again.
  if (tokens.expires_at !== undefined) next.expires_at = tokens.expires_at
  // IdPs that do not rotate refresh tokens answer without one: the old one stays valid.
  next.refresh_token = tokens.refresh_token ?? token.refresh_token
  if (token.id_token !== undefined && tokens.id_token !== undefined) next.id_token = tokens.id_token
  return next
}

function failed(token: JWT, kind: "retry" | "final"): JWT {
  if (kind === "retry") return { ...token, error: REFRESH_TOKEN_ERROR }
  const { refresh_token: _refused, ...rest } = token
  return { ...rest, error: REFRESH_TOKEN_ERROR }
}

/** Drops settled entries past their time, then the oldest ones beyond the cap. */
function evict(now: number): void {
  if (flights.size < MAX_ENTRIES) return
  for (const [key, flight] of flights) {
    if (flight.until !== undefined && flight.until <= now) flights.delete(key)
  }
  for (const key of flights.keys()) {
    if (flights.size < MAX_ENTRIES) break
    flights.delete(key)
  }
}
