// session.readCache: database-session reads reused for a few seconds; a sign-out on one instance
// removes the entry on every instance through the coordinator's pub/sub. Two resolved configs
// sharing one adapter and one in-memory bus stand for two instances.
import { createHash } from "node:crypto"
import { describe, expect, it } from "vitest"
import { MemoryAdapter } from "../../../lib/adapters/memory-adapter.js"
import { cachedSessionAndUser, forgetSessionRead } from "../../../lib/core/session/read-cache.js"
import { readDatabaseSession } from "../../../lib/core/session/database-session.js"
import { revokeUserSession, revokeUserSessions, sessionHandle } from "../../../lib/core/session/session-management.js"
import type { Coordinator } from "../../../lib/core/vocabulary/coordinator.js"
import { testConfig } from "../../utils/test-config.js"

/** A Coordinator in this process's memory, with pub/sub: enough for two configs in one test. */
function memoryBus(): Coordinator {
  const values = new Map<string, string>()
  const listeners = new Map<string, Array<(m: string) => void>>()
  return {
    claim: async (k, v) => (values.has(k) ? false : (values.set(k, v), true)),
    get: async (k) => values.get(k) ?? null,
    set: async (k, v) => void values.set(k, v),
    delete: async (k) => void values.delete(k),
    publish: async (channel, message) => listeners.get(channel)?.forEach((listener) => listener(message)),
    subscribe: async (channel, listener) => void listeners.set(channel, [...(listeners.get(channel) ?? []), listener]),
  }
}

async function setUp(readCache: { maxAge?: number; coordinator?: Coordinator } | undefined) {
  const adapter = MemoryAdapter()
  let reads = 0
  const counted = { ...adapter, getSessionAndUser: (token: string) => (reads++, adapter.getSessionAndUser(token)) }
  const user = await adapter.createUser({ id: "u-1", email: "ada@example.com", emailVerified: null })
  await adapter.createSession({ sessionToken: "tok-1", userId: user.id, expires: new Date(Date.now() + 3_600_000) })
  const make = () => testConfig({ providers: [], adapter: counted, session: { strategy: "database", readCache } })
  return { adapter, reads: () => reads, a: make(), b: make() }
}

describe("session.readCache", () => {
  it("is off by default: every read asks the adapter", async () => {
    const { a, reads } = await setUp(undefined)
    await readDatabaseSession(a, "tok-1")
    await readDatabaseSession(a, "tok-1")
    expect(reads()).toBe(2)
  })

  it("reuses a read for maxAge, then asks again; misses are not remembered", async () => {
    const { a, reads } = await setUp({ maxAge: 0.2 })
    expect((await readDatabaseSession(a, "tok-1")).session).toMatchObject({ user: { email: "ada@example.com" } })
    expect((await readDatabaseSession(a, "tok-1")).session).toMatchObject({ user: { email: "ada@example.com" } })
    expect(reads()).toBe(1)
    await new Promise((resolve) => setTimeout(resolve, 250))
    await readDatabaseSession(a, "tok-1")
    expect(reads()).toBe(2)
    await cachedSessionAndUser(a, "nope")
    await cachedSessionAndUser(a, "nope")
    expect(reads()).toBe(4)
  })

  it("a session ended on one instance is forgotten on every instance at once", async () => {
    const { adapter, a, b, reads } = await setUp({ maxAge: 5, coordinator: memoryBus() })
    await readDatabaseSession(a, "tok-1")
    await readDatabaseSession(b, "tok-1")
    expect(reads()).toBe(2)
    await adapter.deleteSession("tok-1")
    await forgetSessionRead(a, "tok-1")
    expect((await readDatabaseSession(b, "tok-1")).session).toBeNull()
    expect((await readDatabaseSession(a, "tok-1")).session).toBeNull()
  })

  it("AuthService's revocations (one session, every other one) are forgotten on every instance at once too", async () => {
    const { adapter, a, b } = await setUp({ maxAge: 5, coordinator: memoryBus() })
    await adapter.createSession({ sessionToken: "tok-2", userId: "u-1", expires: new Date(Date.now() + 3_600_000) })
    await adapter.createSession({ sessionToken: "tok-3", userId: "u-1", expires: new Date(Date.now() + 3_600_000) })
    for (const token of ["tok-1", "tok-2", "tok-3"]) await readDatabaseSession(b, token)
    const asTok1 = { protocol: "http", headers: { cookie: `authjs.session-token=tok-1` } }
    expect(await revokeUserSession(a, asTok1, sessionHandle("tok-2"))).toMatchObject({ revoked: true })
    expect((await readDatabaseSession(b, "tok-2")).session).toBeNull()
    expect(await revokeUserSessions(a, asTok1, null, true)).toBe(1)
    expect((await readDatabaseSession(b, "tok-3")).session).toBeNull()
    expect((await readDatabaseSession(b, "tok-1")).session).not.toBeNull()
  })

  it("keeps nothing until the instance listens for sign-outs, and tries a failed subscription again", async () => {
    const bus = memoryBus()
    let refusals = 1
    const flaky: Coordinator = {
      ...bus,
      subscribe: async (channel, listener) => {
        if (refusals-- > 0) throw new Error("store down")
        return bus.subscribe!(channel, listener)
      },
    }
    const { adapter, a, reads } = await setUp({ maxAge: 5, coordinator: flaky })
    await readDatabaseSession(a, "tok-1")
    await readDatabaseSession(a, "tok-1")
    // The subscription failed: every read asks the adapter, so a sign-out elsewhere cannot be missed.
    expect(reads()).toBe(2)
    await new Promise((resolve) => setTimeout(resolve, 2_100))
    await readDatabaseSession(a, "tok-1") // starts the second subscription, which succeeds
    await new Promise((resolve) => setTimeout(resolve, 10))
    await readDatabaseSession(a, "tok-1") // listening now: this read is kept
    await readDatabaseSession(a, "tok-1")
    expect(reads()).toBe(4)
    await adapter.deleteSession("tok-1")
    await bus.publish!("authjs:session-ended", createHash("sha256").update("tok-1").digest("base64url"))
    expect((await readDatabaseSession(a, "tok-1")).session).toBeNull()
  })

  it("without a coordinator a row deleted elsewhere is still served until the entry expires (the documented trade-off)", async () => {
    const { adapter, a } = await setUp({ maxAge: 5 })
    await readDatabaseSession(a, "tok-1")
    await adapter.deleteSession("tok-1")
    expect((await readDatabaseSession(a, "tok-1")).session).not.toBeNull()
  })

  it("fails start-up on a bad maxAge, a JWT strategy, or a coordinator without pub/sub", () => {
    const db = (readCache: unknown, strategy: "jwt" | "database" = "database") =>
      testConfig({ providers: [], adapter: MemoryAdapter(), session: { strategy, readCache: readCache as never } })
    expect(() => db({ maxAge: 60 })).toThrow("session.readCache.maxAge must be a number of seconds above 0 and at most 10")
    expect(() => db({}, "jwt")).toThrow('session.readCache applies to session.strategy "database" only')
    const { publish: _p, subscribe: _s, ...plain } = memoryBus()
    expect(() => db({ coordinator: plain })).toThrow("session.readCache.coordinator must be a Coordinator: it has no publish, subscribe method")
    expect(db({}).readCache).toEqual({ maxAgeMs: 5_000, coordinator: undefined })
  })
})
