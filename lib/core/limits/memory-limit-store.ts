import type { LimitCount, LimitStore } from "../vocabulary/limits.js"

interface Entry {
  count: number
  expiresAt: number
}

/**
 * The default `LimitStore`: counts in this process only. Bounded: past `maxEntries` keys, expired
 * ones go first, then the oldest, so a flood of made-up identifiers cannot grow memory without end.
 */
export class MemoryLimitStore implements LimitStore {
  private readonly entries = new Map<string, Entry>()

  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.entries.size
  }

  increment(key: string, windowMs: number): Promise<LimitCount> {
    const now = Date.now()
    let entry = this.entries.get(key)
    if (!entry || entry.expiresAt <= now) {
      this.entries.delete(key)
      if (this.entries.size >= this.maxEntries) this.makeRoom(now)
      entry = { count: 0, expiresAt: now + windowMs }
      this.entries.set(key, entry)
    }
    entry.count += 1
    return Promise.resolve({ count: entry.count, resetMs: entry.expiresAt - now })
  }

  decrement(key: string): Promise<void> {
    const entry = this.entries.get(key)
    if (entry && entry.count > 0) entry.count -= 1
    return Promise.resolve()
  }

  reset(key: string): Promise<void> {
    this.entries.delete(key)
    return Promise.resolve()
  }

  private makeRoom(now: number): void {
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key)
    // Map iteration is insertion order: the first keys are the oldest windows.
    for (const key of this.entries.keys()) {
      if (this.entries.size < this.maxEntries) break
      this.entries.delete(key)
    }
  }
}
