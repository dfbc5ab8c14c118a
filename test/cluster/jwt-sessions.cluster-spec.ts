// JWT sessions on three app processes behind nginx (round robin, no stickiness), refreshing IdP
// tokens against oidc-provider with rotating refresh tokens and reuse detection, coordinated
// through redis-server (tokens.coordinator). Prints the grant counts of each burst.
import { afterAll, beforeAll, expect, it } from "vitest"
import { describeWithServers } from "../utils/real-server.js"
import { redisAvailability } from "../utils/redis.js"
import { warnings } from "./app-processes.js"
import { burst, expiredJwtCookie, profile, sessionCookie, signInVia, signOutVia, summary, type Answer } from "./cluster-client.js"
import { INSTANCES, NEW_SECRET, OLD_SECRET, startCluster, type Cluster } from "./cluster.js"
import { nginxAvailability } from "../utils/nginx.js"

const BURST = 60
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const report = (what: string, data: unknown) => console.log(`[cluster] ${what}: ${JSON.stringify(data)}`)

describeWithServers("JWT sessions on three instances behind nginx", [nginxAvailability, redisAvailability], () => {
  let cluster: Cluster
  beforeAll(async () => {
    cluster = await startCluster({ COORDINATE: "1" })
  })
  afterAll(() => cluster?.stop())

  it("signs in with the authorize step and the callback on different instances", async () => {
    const { jar, authorizedBy, calledBackBy, landedOn } = await signInVia(cluster.lb, "ada")
    expect(landedOn).toBe(`${cluster.lb}/profile`)
    expect(authorizedBy).not.toBe(calledBackBy)
    const answers = await Promise.all(Array.from({ length: INSTANCES }, () => profile(cluster.lb, sessionCookie(jar))))
    expect(answers.map((a) => a.body?.email)).toEqual(Array(INSTANCES).fill("ada@example.com"))
    report("sign-in", { authorizedBy, calledBackBy, profileServedBy: answers.map((a) => a.servedBy) })
  })

  it(`a burst of ${BURST} requests with an expired access token: one grant, the same new tokens everywhere`, async () => {
    const { jar } = await signInVia(cluster.lb, "bob")
    const old = (await profile(cluster.lb, sessionCookie(jar))).body?.accessToken
    const cookie = await expiredJwtCookie(jar, [OLD_SECRET])
    const before = cluster.grants()
    const answers = await burst(cluster.lb, cookie, BURST)
    // Late requests still carrying the old cookie, on every instance, get the same tokens.
    const late = await Promise.all(Array.from({ length: INSTANCES }, () => profile(cluster.lb, cookie)))
    report("JWT burst with tokens.coordinator", { refreshGrants: cluster.grants() - before, ...summary([...answers, ...late]) })
    expect(answers.map((a) => a.status)).toEqual(Array(BURST).fill(200))
    expect(new Set(answers.map((a) => a.servedBy)).size).toBe(INSTANCES)
    expect(cluster.grants() - before).toBe(1)
    const tokens = new Set([...answers, ...late].map((a) => a.body?.accessToken))
    expect(tokens.size).toBe(1)
    expect(tokens.has(old)).toBe(false)
    expect([...answers, ...late].filter((a) => a.body?.error)).toEqual([])
    expect(cluster.issuer.refreshGrants.revoked).toBe(0)
  })

  it("sign-out on one instance ends the browser's session on every instance", async () => {
    const { jar } = await signInVia(cluster.lb, "cy")
    const out = await signOutVia(cluster.lb, jar)
    expect(out.status).toBe(302)
    expect(jar.get("authjs.session-token")).toBeUndefined()
    const after = await Promise.all(Array.from({ length: INSTANCES }, () => fetch(`${cluster.lb}/profile`, { headers: { cookie: jar.header(cluster.lb) ?? "" } })))
    expect(after.map((r) => r.status)).toEqual(Array(INSTANCES).fill(401))
  })

  it("Redis stopped mid-burst: no 5xx, one fallback warning per instance, normal service once it returns", async () => {
    const [first, second] = await Promise.all([signInVia(cluster.lb, "dee"), signInVia(cluster.lb, "eve")])
    const [cookieA, cookieB] = await Promise.all([expiredJwtCookie(first.jar, [OLD_SECRET]), expiredJwtCookie(second.jar, [OLD_SECRET])])
    const answers: Array<Promise<Answer>> = []
    for (let i = 0; i < BURST; i++) {
      if (i === BURST / 2) await cluster.redis.stop() // mid-burst; the second session's refresh meets the outage
      answers.push(profile(cluster.lb, i < BURST / 2 ? cookieA : cookieB))
      await pause(5)
    }
    const settled = await Promise.all(answers)
    const perInstance = cluster.apps.map((app) => warnings(app, "coordinator-unavailable"))
    report("Redis stopped mid-burst", { ...summary(settled), fallbackWarningsPerInstance: perInstance })
    expect(settled.filter((a) => a.status >= 500)).toEqual([])
    expect(settled.map((a) => a.status)).toEqual(Array(BURST).fill(200))
    expect(perInstance.every((n) => n <= 1)).toBe(true)
    expect(perInstance.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1)

    await cluster.redis.start()
    await pause(2_500) // ioredis reconnects (its back-off is at most 2 s)
    const { jar } = await signInVia(cluster.lb, "fay")
    const before = cluster.grants()
    const again = await burst(cluster.lb, await expiredJwtCookie(jar, [OLD_SECRET]), BURST)
    report("after Redis returned", { refreshGrants: cluster.grants() - before, ...summary(again) })
    expect(again.map((a) => a.status)).toEqual(Array(BURST).fill(200))
    expect(cluster.grants() - before).toBe(1)
    expect(new Set(again.map((a) => a.body?.accessToken)).size).toBe(1)
    expect(cluster.apps.map((app) => warnings(app, "coordinator-unavailable"))).toEqual(perInstance)
  })

  it("one app process killed mid-load: the others keep serving, no request fails", async () => {
    const { jar } = await signInVia(cluster.lb, "ada")
    const cookie = sessionCookie(jar)
    const statuses: number[] = []
    let done = 0
    const worker = async () => {
      while (done < 300) {
        done++
        const answer = await profile(cluster.lb, cookie)
        statuses.push(answer.status)
        if (done === 100) cluster.apps[1]!.child.kill("SIGKILL")
      }
    }
    await Promise.all(Array.from({ length: 10 }, worker))
    report("instance killed mid-load", { requests: statuses.length, statuses: [...new Set(statuses)], killedPid: cluster.apps[1]!.child.pid })
    expect(statuses.filter((s) => s !== 200)).toEqual([])
    expect(cluster.apps[1]!.child.signalCode).toBe("SIGKILL")
  })

  it("a rolling secret rotation (new secret added everywhere, then put first; old kept) signs nobody out", async () => {
    await cluster.restart(1) // the instance killed above comes back first
    const { jar } = await signInVia(cluster.lb, "bob")
    const failures: number[] = []
    let rolling = true
    // A browser polling /auth/session (which re-issues its cookie each time) and calling the API.
    const browser = (async () => {
      while (rolling) {
        const session = await jar.fetch(`${cluster.lb}/auth/session`)
        const text = await session.text()
        const body = session.headers.get("content-type")?.includes("json") ? (JSON.parse(text) as { user?: { email?: string } } | null) : null
        if (session.status !== 200 || body?.user?.email !== "bob@example.com") failures.push(session.status)
        const api = await jar.fetch(`${cluster.lb}/profile`)
        await api.body?.cancel()
        if (api.status !== 200) failures.push(api.status)
      }
    })()
    for (const secrets of [[OLD_SECRET, NEW_SECRET], [NEW_SECRET, OLD_SECRET]]) {
      for (let i = 0; i < INSTANCES; i++) {
        await cluster.restart(i, { AUTH_SECRETS: JSON.stringify(secrets) })
        // As a rolling deploy waits for health checks: nginx keeps a failed upstream out for fail_timeout
        // (2 s), so taking the next one down sooner can leave it no live upstream on a slow machine (a 502).
        await pause(2_100)
      }
    }
    await pause(300)
    rolling = false
    await browser
    report("rolling secret rotation", { failures: failures.length })
    expect(failures).toEqual([])
    expect((await profile(cluster.lb, sessionCookie(jar))).body?.email).toBe("bob@example.com")
  })

  it("without the coordinator the same burst reaches the IdP several times and the grant is revoked", async () => {
    await cluster.startAll({ COORDINATE: "0", AUTH_SECRETS: JSON.stringify([NEW_SECRET, OLD_SECRET]) })
    const { jar } = await signInVia(cluster.lb, "cy")
    const before = { grants: cluster.grants(), revoked: cluster.issuer.refreshGrants.revoked }
    const answers = await burst(cluster.lb, await expiredJwtCookie(jar, [NEW_SECRET]), BURST)
    const grants = cluster.grants() - before.grants
    const revoked = cluster.issuer.refreshGrants.revoked - before.revoked
    report("JWT burst without coordinator", { refreshGrants: grants, grantsRevoked: revoked, ...summary(answers) })
    expect(answers.filter((a) => a.status >= 500)).toEqual([])
    expect(grants).toBeGreaterThan(1)
    expect(revoked).toBeGreaterThanOrEqual(1)
    expect(cluster.issuer.refreshGrants.refused).toContain("refresh token already used")
  })
})
