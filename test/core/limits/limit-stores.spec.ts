// The stores under the sign-in limits: counts per window in memory, bounded, and the guard that
// falls back to them when a shared store fails.
import { describe, expect, it } from "vitest"
import { GuardedLimitStore } from "../../../lib/core/limits/guarded-store.js"
import { MemoryLimitStore } from "../../../lib/core/limits/memory-limit-store.js"
import type { AuthLogger, WarningCode } from "../../../lib/core/config/types.js"
import type { LimitStore } from "../../../lib/core/vocabulary/limits.js"

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function recordingLogger(): AuthLogger & { warnings: WarningCode[] } {
  const warnings: WarningCode[] = []
  return { warnings, error: () => {}, warn: (code) => void warnings.push(code), debug: () => {} }
}

describe("MemoryLimitStore", () => {
  it("counts in a window that starts at the first hit and does not slide", async () => {
    const store = new MemoryLimitStore(100)
    expect(await store.increment("k", 150)).toMatchObject({ count: 1 })
    await sleep(60)
    const second = await store.increment("k", 150)
    expect(second.count).toBe(2)
    // The second hit did not restart the window.
    expect(second.resetMs).toBeLessThanOrEqual(95)
    await sleep(110)
    expect(await store.increment("k", 150)).toMatchObject({ count: 1 })
  })

  it("gives back one (never below zero) and forgets on reset", async () => {
    const store = new MemoryLimitStore(100)
    await store.increment("k", 1_000)
    await store.increment("k", 1_000)
    await store.decrement("k")
    expect((await store.increment("k", 1_000)).count).toBe(2)
    await store.reset("k")
    await store.decrement("k")
    await store.decrement("absent")
    expect((await store.increment("k", 1_000)).count).toBe(1)
    expect((await store.increment("absent", 1_000)).count).toBe(1)
  })

  it("holds at most maxEntries keys, dropping the oldest", async () => {
    const store = new MemoryLimitStore(3)
    for (const key of ["a", "b", "c", "d", "e"]) await store.increment(key, 10_000)
    expect(store.size).toBe(3)
    // "a" was dropped: it starts again at 1; "e" kept its count.
    expect((await store.increment("e", 10_000)).count).toBe(2)
    expect((await store.increment("a", 10_000)).count).toBe(1)
  })
})

describe("GuardedLimitStore", () => {
  const broken: LimitStore = {
    increment: () => Promise.reject(new Error("ECONNREFUSED")),
    decrement: () => Promise.reject(new Error("ECONNREFUSED")),
    reset: () => Promise.reject(new Error("ECONNREFUSED")),
  }

  it("counts in the process while the shared store fails, warning once per outage", async () => {
    const logger = recordingLogger()
    let failing = true
    const shared = new MemoryLimitStore(100)
    const flaky: LimitStore = {
      increment: (key, ms) => (failing ? broken.increment(key, ms) : shared.increment(key, ms)),
      decrement: (key) => (failing ? broken.decrement(key) : shared.decrement(key)),
      reset: (key) => (failing ? broken.reset(key) : shared.reset(key)),
    }
    const store = new GuardedLimitStore(flaky, logger)
    expect((await store.increment("k", 10_000)).count).toBe(1)
    expect((await store.increment("k", 10_000)).count).toBe(2)
    expect((await store.increment("k", 10_000)).count).toBe(3)
    expect(store.outage).toBe(true)
    expect(logger.warnings).toEqual(["limit-store-unavailable"])

    failing = false
    expect((await store.increment("k", 10_000)).count).toBe(1)
    expect(store.outage).toBe(false)
    failing = true
    await store.increment("k", 10_000)
    // A second outage is a second warning.
    expect(logger.warnings).toEqual(["limit-store-unavailable", "limit-store-unavailable"])
  })

  it("does not wait on a store that never answers", async () => {
    const logger = recordingLogger()
    const silent: LimitStore = { increment: () => new Promise(() => {}), decrement: () => new Promise(() => {}), reset: () => new Promise(() => {}) }
    const store = new GuardedLimitStore(silent, logger, 50)
    const started = Date.now()
    expect((await store.increment("k", 10_000)).count).toBe(1)
    await store.reset("k")
    expect(Date.now() - started).toBeLessThan(1_000)
    expect(logger.warnings).toEqual(["limit-store-unavailable"])
  })
})
