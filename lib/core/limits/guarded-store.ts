import { limitDefaults } from "../config/defaults.js"
import type { AuthLogger } from "../config/types.js"
import type { LimitCount, LimitStore } from "../vocabulary/limits.js"
import { MemoryLimitStore } from "./memory-limit-store.js"

/**
 * A shared store (Redis) with a way out: every call is bounded in time, and a call that fails or is
 * too slow is answered by a store in this process instead. So an outage never fails a sign-in and
 * never lifts the limits, it only narrows them to one process. One warning per outage.
 */
export class GuardedLimitStore implements LimitStore {
  private readonly local: MemoryLimitStore
  private down = false

  constructor(
    private readonly shared: LimitStore,
    private readonly logger: AuthLogger,
    private readonly timeoutMs: number = limitDefaults.callTimeoutMs,
  ) {
    this.local = new MemoryLimitStore(limitDefaults.memoryEntries)
  }

  /** Whether the shared store failed last time (tests). */
  get outage(): boolean {
    return this.down
  }

  increment(key: string, windowMs: number): Promise<LimitCount> {
    return this.call((store) => store.increment(key, windowMs))
  }

  decrement(key: string): Promise<void> {
    return this.call((store) => store.decrement(key))
  }

  async reset(key: string): Promise<void> {
    // Both: a count kept here during an outage must not outlive a success either.
    await this.local.reset(key)
    await this.call((store) => store.reset(key))
  }

  private async call<T>(run: (store: LimitStore) => PromiseLike<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("the limit store did not answer in time")), this.timeoutMs)
    })
    try {
      const result = await Promise.race([Promise.resolve().then(() => run(this.shared)), timeout])
      if (this.down) {
        this.down = false
        this.logger.debug("limit_store_recovered")
      }
      return result
    } catch (error) {
      if (!this.down) {
        this.down = true
        this.logger.warn("limit-store-unavailable")
        this.logger.debug("limit_store_failed", { error })
      }
      return run(this.local)
    } finally {
      clearTimeout(timer)
    }
  }
}
