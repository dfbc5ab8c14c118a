import { coordinationDefaults } from "../config/defaults.js"
import type { InternalOAuthProvider, ResolvedConfig } from "../config/types.js"
import { decode, encode } from "../jwt/encode-decode.js"
import type { Coordinator } from "../vocabulary/coordinator.js"
import type { TokenSet } from "../vocabulary/models.js"
import { coordinatorCall } from "./coordinator-guard.js"

export type Outcome = { tokens: TokenSet } | { failed: "retry" | "final" }

/** The result is encrypted with the app's secret: the store holds refresh tokens otherwise. */
const SALT = "authjs.refresh-coordination"

/**
 * A refresh shared by every instance through `tokens.coordinator`: the instance that claims the
 * lock runs `grant` and publishes the outcome for `reuseMs` (for `retryMs` after a transient
 * failure); the others poll for it until the lock would have expired. A request carrying the old
 * refresh token later, on any instance, reads the same outcome. If the coordinator fails, the
 * refresh runs in this process (`grant`), as without a coordinator. Never rejects.
 */
export async function sharedRefresh(
  config: ResolvedConfig,
  coordinator: Coordinator,
  provider: InternalOAuthProvider,
  key: string,
  times: { reuseMs: number; retryMs: number },
  grant: () => Promise<Outcome>,
): Promise<Outcome> {
  const resultKey = `authjs:refresh:${key}:result`
  const lockKey = `authjs:refresh:${key}:lock`
  const lockMs = provider.httpOptions.timeout + coordinationDefaults.lockMarginMs
  let won: boolean
  try {
    const published = await read(config, coordinator, resultKey)
    if (published) return published
    won = await coordinatorCall(config, coordinator, (c) => c.claim(lockKey, String(process.pid), lockMs))
    if (!won) return await waitFor(config, coordinator, resultKey, Date.now() + lockMs)
  } catch {
    return grant()
  }
  const outcome = await grant()
  const ttl = "failed" in outcome && outcome.failed === "retry" ? times.retryMs : times.reuseMs
  try {
    const sealed = await encode({ token: { outcome }, secret: [...config.secrets], salt: SALT, maxAge: Math.ceil(ttl / 1000) })
    await coordinatorCall(config, coordinator, (c) => c.set(resultKey, sealed, ttl))
    // After a transient failure the next request may try again once the result expires.
    if (ttl === times.retryMs) await coordinatorCall(config, coordinator, (c) => c.delete(lockKey))
  } catch {
    // Others waiting give up at the lock's expiry and report a failed refresh (never an error).
  }
  return outcome
}

async function read(config: ResolvedConfig, coordinator: Coordinator, key: string): Promise<Outcome | undefined> {
  const value = await coordinatorCall(config, coordinator, (c) => c.get(key))
  if (!value) return undefined
  try {
    const claims = await decode({ token: value, secret: [...config.secrets], salt: SALT })
    const outcome = claims?.outcome as Outcome | undefined
    return outcome && typeof outcome === "object" ? outcome : undefined
  } catch {
    // Sealed with a secret this instance does not know (mid-rotation): as if not there yet.
    return undefined
  }
}

/** Polls for the winner's result; a winner that died leaves a failed (retryable) refresh. */
async function waitFor(config: ResolvedConfig, coordinator: Coordinator, key: string, deadline: number): Promise<Outcome> {
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, coordinationDefaults.pollMs))
    const outcome = await read(config, coordinator, key)
    if (outcome) return outcome
  }
  config.logger.debug("refresh_wait_expired", { key })
  return { failed: "retry" }
}
