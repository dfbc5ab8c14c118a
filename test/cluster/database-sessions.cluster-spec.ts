// Database sessions (@auth/pg-adapter on embedded PostgreSQL, with withAccountMethods) on three
// app processes behind nginx: refresh through the account row coordinated by redis-server, and
// sign-out seen by every instance with and without session.readCache.
import type pg from "pg"
import { afterAll, beforeAll, expect, it } from "vitest"
import { pgAdapterDatabase, stopBackendServers } from "../utils/adapter-backends.js"
import { postgresAvailability } from "../utils/postgres.js"
import { describeWithServers } from "../utils/real-server.js"
import { redisAvailability } from "../utils/redis.js"
import { burst, profile, sessionCookie, signInVia, signOutVia, summary } from "./cluster-client.js"
import { INSTANCES, startCluster, type Cluster } from "./cluster.js"
import { nginxAvailability } from "../utils/nginx.js"

const BURST = 60
const report = (what: string, data: unknown) => console.log(`[cluster] ${what}: ${JSON.stringify(data)}`)

describeWithServers("database sessions on three instances behind nginx", [nginxAvailability, redisAvailability, postgresAvailability], () => {
  let cluster: Cluster
  let pool: pg.Pool
  beforeAll(async () => {
    const database = await pgAdapterDatabase()
    pool = database.pool
    cluster = await startCluster({ DATABASE_URL: database.url, COORDINATE: "1", READ_CACHE: "1" })
  })
  afterAll(async () => {
    await cluster?.stop()
    await pool?.end()
    await stopBackendServers()
  })

  /** Marks the user's stored access token expired, as if an hour had passed. */
  const expireAccount = (email: string) =>
    pool.query(`UPDATE accounts SET expires_at = 1 WHERE "userId" = (SELECT id FROM users WHERE email = $1)`, [email])
  const storedAccessToken = async (email: string) =>
    (await pool.query(`SELECT access_token FROM accounts WHERE "userId" = (SELECT id FROM users WHERE email = $1)`, [email])).rows[0]
      ?.access_token as string

  it("signs in with the authorize step and the callback on different instances", async () => {
    const { jar, authorizedBy, calledBackBy } = await signInVia(cluster.lb, "ada")
    expect(authorizedBy).not.toBe(calledBackBy)
    expect(jar.get("authjs.session-token")).toMatch(/^[0-9a-f-]{36}$/)
    const answers = await Promise.all(Array.from({ length: INSTANCES }, () => profile(cluster.lb, sessionCookie(jar))))
    expect(answers.map((a) => a.body?.email)).toEqual(Array(INSTANCES).fill("ada@example.com"))
    expect(new Set(answers.map((a) => a.servedBy)).size).toBe(INSTANCES)
  })

  it(`a burst of ${BURST} requests with an expired stored access token: one grant, the row and every instance agree`, async () => {
    const { jar } = await signInVia(cluster.lb, "bob")
    const old = await storedAccessToken("bob@example.com")
    await expireAccount("bob@example.com")
    const before = cluster.grants()
    const answers = await burst(cluster.lb, sessionCookie(jar), BURST)
    report("database burst with tokens.coordinator", { refreshGrants: cluster.grants() - before, ...summary(answers) })
    expect(answers.map((a) => a.status)).toEqual(Array(BURST).fill(200))
    expect(new Set(answers.map((a) => a.servedBy)).size).toBe(INSTANCES)
    expect(cluster.grants() - before).toBe(1)
    const tokens = new Set(answers.map((a) => a.body?.accessToken))
    expect(tokens.size).toBe(1)
    expect(tokens.has(old)).toBe(false)
    expect(tokens.has(await storedAccessToken("bob@example.com"))).toBe(true)
    expect(answers.filter((a) => a.body?.error)).toEqual([])
  })

  for (const readCache of ["1", "0"]) {
    it(`sign-out on one instance ends the session on every instance (read cache ${readCache === "1" ? "on" : "off"})`, async () => {
      if (readCache === "0") await cluster.startAll({ READ_CACHE: "0" })
      const { jar } = await signInVia(cluster.lb, "cy")
      const cookie = sessionCookie(jar)
      // Every instance has read (and, with the cache, remembered) the session.
      const warm = await burst(cluster.lb, cookie, INSTANCES * 2)
      expect(new Set(warm.map((a) => a.servedBy)).size).toBe(INSTANCES)
      expect(warm.map((a) => a.status)).toEqual(Array(INSTANCES * 2).fill(200))
      expect((await signOutVia(cluster.lb, jar)).status).toBe(302)
      const replay = await burst(cluster.lb, cookie, INSTANCES * 2)
      report(`sign-out, read cache ${readCache === "1" ? "on" : "off"}`, { replayStatuses: replay.map((a) => a.status) })
      expect(replay.map((a) => a.status)).toEqual(Array(INSTANCES * 2).fill(401))
    })
  }

  it("without the coordinator the same burst reaches the IdP several times and the grant is revoked", async () => {
    await cluster.startAll({ COORDINATE: "0", READ_CACHE: "0" })
    const { jar } = await signInVia(cluster.lb, "dee")
    await expireAccount("dee@example.com")
    const before = { grants: cluster.grants(), revoked: cluster.issuer.refreshGrants.revoked }
    const answers = await burst(cluster.lb, sessionCookie(jar), BURST)
    const grants = cluster.grants() - before.grants
    const revoked = cluster.issuer.refreshGrants.revoked - before.revoked
    report("database burst without coordinator", { refreshGrants: grants, grantsRevoked: revoked, ...summary(answers) })
    expect(answers.filter((a) => a.status >= 500)).toEqual([])
    expect(grants).toBeGreaterThan(1)
    expect(revoked).toBeGreaterThanOrEqual(1)
  })
})
