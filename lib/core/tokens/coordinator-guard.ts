import { coordinationDefaults } from "../config/defaults.js"
import type { ResolvedConfig } from "../config/types.js"
import type { Coordinator } from "../vocabulary/coordinator.js"

/** Coordinators in an outage: the warning was logged, the next success ends it. */
const down = new WeakSet<Coordinator>()

/**
 * One call to the coordinator, bounded in time: a store that is down or slow must never hold a
 * request (ioredis, for one, queues commands while it reconnects). A failure or timeout warns once
 * per outage (`coordinator-unavailable`) and rejects, so the caller falls back to in-process work.
 */
export async function coordinatorCall<T>(
  config: ResolvedConfig,
  coordinator: Coordinator,
  call: (coordinator: Coordinator) => PromiseLike<T>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("the coordinator did not answer in time")), coordinationDefaults.callTimeoutMs)
  })
  try {
    const result = await Promise.race([Promise.resolve().then(() => call(coordinator)), timeout])
    if (down.delete(coordinator)) config.logger.debug("coordinator_recovered")
    return result
  } catch (error) {
    if (!down.has(coordinator)) {
      down.add(coordinator)
      config.logger.warn("coordinator-unavailable")
      config.logger.debug("coordinator_failed", { error })
    }
    throw error
  } finally {
    clearTimeout(timer)
  }
}

/** Whether the coordinator failed last time (tests, and the read cache's fallback). */
export function isCoordinatorDown(coordinator: Coordinator): boolean {
  return down.has(coordinator)
}
