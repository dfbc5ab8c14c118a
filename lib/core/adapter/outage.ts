import type { ResolvedConfig } from "../config/types.js"
import { SessionTokenError } from "../vocabulary/errors.js"
import { OUTAGE_REMINDER_MS } from "../config/defaults.js"


interface Outage {
  reportedAt: number
  /** Failures since the last line was logged. */
  unreported: number
}

// Keyed by the resolved config: one engine, one adapter, one outage state.
const outages = new WeakMap<ResolvedConfig, Outage>()

/**
 * Logs a session read the adapter could not answer. When the database is down every request fails
 * the same way, so only the first failure of an outage is logged, then one reminder a minute with
 * the number of failures in between, not one line per request.
 */
export function reportSessionReadFailure(config: ResolvedConfig, cause: unknown): void {
  const now = Date.now()
  const outage = outages.get(config)
  if (!outage) {
    outages.set(config, { reportedAt: now, unreported: 0 })
    config.logger.error(new SessionTokenError("Could not read the database session: the adapter failed", { cause }))
    return
  }
  outage.unreported++
  if (now - outage.reportedAt < OUTAGE_REMINDER_MS) return
  config.logger.error(
    new SessionTokenError(`The adapter is still failing (${outage.unreported} session reads failed since the last report)`, {
      cause,
    }),
  )
  outage.reportedAt = now
  outage.unreported = 0
}

/** Ends an outage: the next failure is logged at once again. */
export function reportAdapterSuccess(config: ResolvedConfig): void {
  const outage = outages.get(config)
  if (!outage) return
  outages.delete(config)
  config.logger.debug("adapter_recovered", { unreportedFailures: outage.unreported })
}
