// tokens.coordinator: one refresh-token grant across instances, through a real redis-server.
// Two resolved configs with their own ioredis clients stand for two instances; sharedRefresh is
// called directly, so the in-process single flight of refresh.ts cannot hide a second grant.
import Redis from "ioredis"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { InternalOAuthProvider, ResolvedConfig } from "../../../lib/core/config/types.js"
import { sharedRefresh, type Outcome } from "../../../lib/core/tokens/shared-refresh.js"
import type { Coordinator } from "../../../lib/core/vocabulary/coordinator.js"
import { redisCoordinator, type RedisCoordinator } from "../../../lib/redis.js"
import { describeWithServers } from "../../utils/real-server.js"
import { redisAvailability, startRedis, type RunningRedis } from "../../utils/redis.js"
import { recordingLogger, testConfig } from "../../utils/test-config.js"

const times = { reuseMs: 60_000, retryMs: 10_000 }
const provider = { id: "corp", httpOptions: { timeout: 2_000 } } as InternalOAuthProvider
let keys = 0
const nextKey = () => `corp:key-${process.pid}-${++keys}`

function instance(coordinator: Coordinator) {
  const log = recordingLogger()
  const config: ResolvedConfig = testConfig({ logger: log.logger, tokens: { coordinator } })
  return { config, log, coordinator }
}

/** A grant that takes `ms` and counts its calls. */
function countingGrant(ms = 100) {
  const counter = { calls: 0 }
  const grant = async (): Promise<Outcome> => {
    counter.calls++
    await new Promise((resolve) => setTimeout(resolve, ms))
    return { tokens: { access_token: `at-${counter.calls}`, refresh_token: `rt-${counter.calls}`, expires_at: 2e9 } }
  }
  return { counter, grant }
}

describeWithServers("sharedRefresh over Redis", [redisAvailability], () => {
  let redis: RunningRedis
  const clients: Redis[] = []
  const coordinators: RedisCoordinator[] = []
  const connect = async () => {
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false })
    client.on("error", () => {})
    clients.push(client)
    if (client.status !== "ready") await new Promise((resolve) => client.once("ready", resolve))
    const coordinator = redisCoordinator(client)
    coordinators.push(coordinator)
    return coordinator
  }

  beforeAll(async () => {
    redis = await startRedis()
  })
  afterAll(async () => {
    coordinators.forEach((c) => c.close())
    clients.forEach((c) => c.disconnect())
    await redis?.stop()
  })

  it("runs one grant for parallel refreshes on two instances; a late request gets the same tokens", async () => {
    const [a, b] = [instance(await connect()), instance(await connect())]
    const key = nextKey()
    const { counter, grant } = countingGrant()
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const at = i % 2 ? a : b
        return sharedRefresh(at.config, at.coordinator, provider, key, times, grant)
      }),
    )
    expect(counter.calls).toBe(1)
    expect(new Set(outcomes.map((o) => JSON.stringify(o))).size).toBe(1)
    expect(outcomes[0]).toMatchObject({ tokens: { access_token: "at-1", refresh_token: "rt-1" } })
    const late = await sharedRefresh(b.config, b.coordinator, provider, key, times, grant)
    expect(late).toEqual(outcomes[0])
    expect(counter.calls).toBe(1)
    expect([...a.log.warnings, ...b.log.warnings]).toEqual([])
  })

  it("stores the result encrypted: no token in clear text in Redis", async () => {
    const a = instance(await connect())
    const key = nextKey()
    await sharedRefresh(a.config, a.coordinator, provider, key, times, countingGrant(1).grant)
    const stored = await clients[0]!.get(`authjs:refresh:${key}:result`)
    expect(stored).toMatch(/^eyJ/)
    expect(stored).not.toContain("rt-1")
  })

  it("after a transient failure others may try again once it expires (lock released)", async () => {
    const a = instance(await connect())
    const key = nextKey()
    let calls = 0
    const failing = async (): Promise<Outcome> => (calls++, { failed: "retry" })
    await expect(sharedRefresh(a.config, a.coordinator, provider, key, { ...times, retryMs: 50 }, failing)).resolves.toEqual({
      failed: "retry",
    })
    await new Promise((resolve) => setTimeout(resolve, 120))
    await sharedRefresh(a.config, a.coordinator, provider, key, times, countingGrant(1).grant)
    expect(calls).toBe(1)
    expect(await clients[0]!.get(`authjs:refresh:${key}:result`)).toMatch(/^eyJ/)
  })

  it("publishes and delivers read-cache invalidations on every subscriber", async () => {
    const [a, b] = [await connect(), await connect()]
    const heard: string[] = []
    await a.subscribe!("authjs:test", (m) => heard.push(`a:${m}`))
    await b.subscribe!("authjs:test", (m) => heard.push(`b:${m}`))
    await a.publish!("authjs:test", "token-1")
    await expect.poll(() => heard.sort(), { timeout: 2_000 }).toEqual(["a:token-1", "b:token-1"])
  })
})

describe("sharedRefresh when the coordinator fails", () => {
  it("falls back to the in-process grant, warns once per outage, and again after a recovery", async () => {
    let broken: "hang" | "reject" | false = "hang"
    const store = new Map<string, string>()
    const flaky: Coordinator = {
      claim: async (k, v) => (fail(), store.has(k) ? false : (store.set(k, v), true)),
      get: async (k) => (fail(), store.get(k) ?? null),
      set: async (k, v) => void (fail(), store.set(k, v)),
      delete: async (k) => void (fail(), store.delete(k)),
    }
    function fail() {
      if (broken === "reject") throw new Error("ECONNREFUSED")
    }
    // A store that never answers (ioredis queueing during a reconnect): pending promises.
    const hanging: Coordinator = {
      claim: (k, v, t) => (broken === "hang" ? new Promise(() => {}) : flaky.claim(k, v, t)),
      get: (k) => (broken === "hang" ? new Promise(() => {}) : flaky.get(k)),
      set: (k, v, t) => (broken === "hang" ? new Promise(() => {}) : flaky.set(k, v, t)),
      delete: (k) => (broken === "hang" ? new Promise(() => {}) : flaky.delete(k)),
    }
    const a = instance(hanging)
    const { counter, grant } = countingGrant(1)
    const started = Date.now()
    await sharedRefresh(a.config, hanging, provider, nextKey(), times, grant)
    expect(Date.now() - started).toBeLessThan(2_000) // bounded: the call timeout, not a hang
    broken = "reject"
    await sharedRefresh(a.config, hanging, provider, nextKey(), times, grant)
    expect(counter.calls).toBe(2)
    expect(a.log.warnings).toEqual(["coordinator-unavailable"])
    broken = false
    await sharedRefresh(a.config, hanging, provider, nextKey(), times, grant)
    expect(a.log.warnings).toEqual(["coordinator-unavailable"])
    broken = "reject"
    await sharedRefresh(a.config, hanging, provider, nextKey(), times, grant)
    expect(a.log.warnings).toEqual(["coordinator-unavailable", "coordinator-unavailable"])
  })

  it("refuses a coordinator on a provider: it is config-wide", () => {
    const coordinator = { claim: async () => true, get: async () => null, set: async () => {}, delete: async () => {} }
    expect(() =>
      testConfig({ providers: [{ id: "corp", name: "Corp", type: "oauth", clientId: "a", clientSecret: "b", tokens: { coordinator } as never, authorization: "https://idp.example/a", token: "https://idp.example/t", userinfo: "https://idp.example/u" }] }),
    ).toThrow("providers[0].tokens.coordinator is config-wide: set it on the top-level tokens")
  })

  it("refuses a coordinator without its methods at start-up", () => {
    expect(() => testConfig({ tokens: { coordinator: { get: () => null } as never } })).toThrow(
      /tokens.coordinator must be a Coordinator: it has no claim, set, delete method/,
    )
  })
})
