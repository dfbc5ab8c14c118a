import { Redis } from "ioredis"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { resolveConfig } from "../../lib/core/config/resolve.js"
import { revocationTimeNow, revocationVerdict } from "../../lib/core/session/revocation.js"
import { sessionHandle } from "../../lib/core/session/session-management.js"
import {
  MemoryAdapter,
  MemoryRevocationStore,
  POSTGRES_REVOCATION_TABLE,
  PostgresRevocationStore,
  RedisRevocationStore,
  type SessionRevocationStore,
} from "../../lib/index.js"
import { pgAdapterDatabase, stopBackendServers } from "../utils/adapter-backends.js"
import { postgresAvailability } from "../utils/postgres.js"
import { describeWithServers } from "../utils/real-server.js"
import { redisAvailability, startRedis, type RunningRedis } from "../utils/redis.js"

const SECRET = "x".repeat(40)
const quiet = { error() {}, warn() {}, debug() {} }
const configWith = (revocation?: SessionRevocationStore) =>
  resolveConfig({ secret: SECRET, trustHost: true, providers: [], session: { strategy: "jwt", revocation }, logger: quiet }, {})

describe("MemoryAdapter's session-management methods", () => {
  it("lists only the user's sessions and accounts, as copies", async () => {
    const adapter = MemoryAdapter()
    const expires = new Date(Date.now() + 60_000)
    await adapter.createSession({ sessionToken: "t1", userId: "u1", expires })
    await adapter.createSession({ sessionToken: "t2", userId: "u1", expires })
    await adapter.createSession({ sessionToken: "t3", userId: "u2", expires })
    await adapter.linkAccount({ userId: "u1", type: "oidc", provider: "corp", providerAccountId: "a" })
    await adapter.linkAccount({ userId: "u2", type: "oidc", provider: "corp", providerAccountId: "b" })
    expect((await adapter.listSessionsByUserId("u1")).map((s) => s.sessionToken).sort()).toEqual(["t1", "t2"])
    expect((await adapter.listAccountsByUserId("u2")).map((a) => a.providerAccountId)).toEqual(["b"])
    const [listed] = await adapter.listSessionsByUserId("u1")
    listed!.userId = "u2"
    expect((await adapter.listSessionsByUserId("u1")).length).toBe(2)
    expect(await adapter.listSessionsByUserId("nobody")).toEqual([])
  })
})

describe("session handles", () => {
  it("are one-way, fixed-size and stable: the token cannot be read back from one", () => {
    const handle = sessionHandle("6f1c3f6a-0b8e-4c7e-9d35-1b2a3c4d5e6f")
    expect(handle).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(handle).not.toContain("6f1c3f6a")
    expect(sessionHandle("6f1c3f6a-0b8e-4c7e-9d35-1b2a3c4d5e6f")).toBe(handle)
    expect(sessionHandle("another")).not.toBe(handle)
  })
})

describe("the revocation check", () => {
  it("costs nothing without session.revocation: always valid, synchronously", () => {
    expect(revocationVerdict(configWith(), { sub: "u1", iat: 1 })).toBe("valid")
  })

  it("refuses tokens issued before the user's revocation time, and only that user's", async () => {
    const store = MemoryRevocationStore()
    const config = configWith(store)
    const now = Math.floor(Date.now() / 1000)
    await store.revokeAll("u1", revocationTimeNow())
    expect(await revocationVerdict(config, { sub: "u1", iat: now })).toBe("revoked")
    expect(await revocationVerdict(config, { sub: "u1", iat: now + 5 })).toBe("valid")
    expect(await revocationVerdict(config, { sub: "u2", iat: now })).toBe("valid")
    // A revoked user's token without iat cannot prove it is newer.
    expect(await revocationVerdict(config, { sub: "u1" })).toBe("revoked")
    // An earlier revocation never moves the time back.
    await store.revokeAll("u1", 10)
    expect(await revocationVerdict(config, { sub: "u1", iat: now })).toBe("revoked")
  })

  it("answers unknown (not revoked, not valid) when the store fails", async () => {
    const config = configWith({ revokedBefore: () => Promise.reject(new Error("down")), revokeAll: () => undefined })
    expect(await revocationVerdict(config, { sub: "u1", iat: 1 })).toBe("unknown")
    const throwing = configWith({ revokedBefore: () => { throw new Error("down") }, revokeAll: () => undefined })
    expect(await revocationVerdict(throwing, { sub: "u1", iat: 1 })).toBe("unknown")
  })
})

describeWithServers("RedisRevocationStore on redis-server (ioredis)", [redisAvailability], () => {
  let server: RunningRedis
  let client: Redis
  beforeAll(async () => {
    server = await startRedis()
    client = new Redis(server.url, { maxRetriesPerRequest: 2 })
  })
  afterAll(async () => {
    await client?.quit()
    await server?.stop()
  })

  it("keeps the latest revocation time per user, with a TTL", async () => {
    const store = RedisRevocationStore(client, { prefix: "t:", ttl: 120 })
    expect(await store.revokedBefore("u1")).toBeNull()
    await store.revokeAll("u1", 2_000)
    await store.revokeAll("u1", 1_000)
    expect(await store.revokedBefore("u1")).toBe(2_000)
    expect(await store.revokedBefore("u2")).toBeNull()
    const ttl = await client.ttl("t:u1")
    expect(ttl).toBeGreaterThan(100)
    expect(ttl).toBeLessThanOrEqual(120)
  })
})

describeWithServers("PostgresRevocationStore on PostgreSQL", [postgresAvailability], () => {
  let pool: Awaited<ReturnType<typeof pgAdapterDatabase>>["pool"]
  beforeAll(async () => {
    ;({ pool } = await pgAdapterDatabase())
    await pool.query(POSTGRES_REVOCATION_TABLE)
  })
  afterAll(async () => {
    await pool?.end()
    await stopBackendServers()
  })

  it("keeps the latest revocation time per user, and checks sessions with it", async () => {
    const store = PostgresRevocationStore(pool)
    expect(await store.revokedBefore("u1")).toBeNull()
    await store.revokeAll("u1", 2_000)
    await store.revokeAll("u1", 1_000)
    expect(await store.revokedBefore("u1")).toBe(2_000)
    expect(await store.revokedBefore("u2")).toBeNull()
    const config = configWith(store)
    expect(await revocationVerdict(config, { sub: "u1", iat: 1_999 })).toBe("revoked")
    expect(await revocationVerdict(config, { sub: "u1", iat: 2_000 })).toBe("valid")
    expect(await revocationVerdict(config, { sub: "x'; DROP TABLE session_revocations; --", iat: 1 })).toBe("valid")
  })
})
