import type { ChildProcess } from "node:child_process"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, expect, it } from "vitest"
import type { Adapter, AdapterUser } from "../../../lib/index.js"
import { stopBackendServers } from "../../utils/adapter-backends.js"
import { startAppProcess } from "../../utils/app-process.js"
import { CookieJar } from "../../utils/cookie-jar.js"
import { freePort } from "../../utils/free-port.js"
import { managedDrizzle, managedPg, managedUnstorage, stopManagedRedis, type ManagedBackend } from "../../utils/managed-backends.js"
import { stopChild } from "../../utils/stop-child.js"
import { describeWithServers } from "../../utils/real-server.js"
import { redisAvailability, startRedis, type RunningRedis } from "../../utils/redis.js"

const SESSION = "authjs.session-token"
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url))
const children: ChildProcess[] = []

/** Starts instance-main.ts as its own Node process on a free port and waits until it listens. */
async function startInstance(env: Record<string, string>): Promise<string> {
  const port = await freePort()
  const { child } = await startAppProcess(here("./instance-main.ts"), port, env)
  children.push(child)
  return `http://127.0.0.1:${port}`
}

afterAll(async () => {
  await Promise.all(children.splice(0).map((child) => stopChild(child)))
  await stopBackendServers()
  await stopManagedRedis()
})

const post = (jar: CookieJar, url: string, body: unknown = {}) =>
  jar.fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
const status = async (jar: CookieJar, base: string) => (await jar.fetch(`${base}/me`)).status

const databaseBackends: Array<[ManagedBackend, string]> = [
  [managedPg, "pg"],
  [managedDrizzle, "drizzle"],
  [managedUnstorage, "unstorage"],
]

for (const [backend, kind] of databaseBackends) {
  describeWithServers(`two app processes, database sessions: ${backend.name}`, backend.servers, () => {
    const state = {} as { a: string; b: string; adapter: Adapter; close(): Promise<void> }
    beforeAll(async () => {
      const store = await backend.create()
      Object.assign(state, { adapter: store.adapter, close: store.close })
      const [url, base = ""] = store.url!.split("#")
      const env = { BACKEND: kind, STORE_URL: url!, STORE_BASE: base }
      ;[state.a, state.b] = await Promise.all([startInstance(env), startInstance(env)])
    }, 120_000)
    afterAll(() => state.close?.())

    it("one user in two cookie jars: sign out everywhere else keeps one and refuses the other on both processes", async () => {
      const user: AdapterUser = await state.adapter.createUser!({ id: crypto.randomUUID(), email: `two-${kind}@example.com`, emailVerified: null })
      const [one, two] = [new CookieJar(), new CookieJar()]
      expect((await post(one, `${state.a}/signup`, { user: { id: user.id, email: user.email } })).status).toBe(200)
      expect((await post(two, `${state.b}/signup`, { user: { id: user.id, email: user.email } })).status).toBe(200)
      for (const base of [state.a, state.b]) {
        expect(await status(one, base)).toBe(200)
        expect(await status(two, base)).toBe(200)
      }
      const sessions = await (await one.fetch(`${state.b}/sessions`)).json()
      expect(sessions).toHaveLength(2)
      expect(await (await post(one, `${state.b}/sessions/revoke-others`)).json()).toEqual({ count: 1 })
      for (const base of [state.a, state.b]) {
        expect(await status(one, base)).toBe(200)
        expect(await status(two, base)).toBe(401)
      }
    })
  })
}

describeWithServers("two app processes, JWT sessions with RedisRevocationStore on redis-server", [redisAvailability], () => {
  const state = {} as { a: string; b: string; redis: RunningRedis }
  beforeAll(async () => {
    state.redis = await startRedis()
    const env = { BACKEND: "jwt", STORE_URL: state.redis.url }
    ;[state.a, state.b] = await Promise.all([startInstance(env), startInstance(env)])
  }, 120_000)
  afterAll(async () => {
    await Promise.all(children.splice(0).map((child) => stopChild(child)))
    await state.redis?.stop()
  })

  it("after sign out everywhere old cookies get 401 on every process; new sign-ins work", async () => {
    const user = { id: "jwt-user", email: "jwt-user@example.com" }
    const [one, two, other] = [new CookieJar(), new CookieJar(), new CookieJar()]
    await post(one, `${state.a}/signup`, { user })
    await post(two, `${state.b}/signup`, { user })
    await post(other, `${state.b}/signup`, { user: { id: "someone-else", email: "else@example.com" } })
    const old = one.get(SESSION)!
    for (const base of [state.a, state.b]) expect(await status(two, base)).toBe(200)
    expect(await (await post(one, `${state.a}/sessions/revoke-all`)).json()).toEqual({ count: 0 })
    for (const base of [state.a, state.b]) {
      expect(await status(two, base)).toBe(401)
      expect((await fetch(`${base}/me`, { headers: { cookie: `${SESSION}=${old}` } })).status).toBe(401)
      expect(await status(other, base)).toBe(200)
    }
    await new Promise((r) => setTimeout(r, 1100))
    const fresh = new CookieJar()
    expect((await post(fresh, `${state.b}/signup`, { user })).status).toBe(200)
    for (const base of [state.a, state.b]) expect(await status(fresh, base)).toBe(200)
  })
})
