import { afterEach, describe, expect, it, vi } from "vitest"
import { MemoryAdapter } from "../../lib/adapters/memory-adapter.js"
import type { Adapter, AdapterUser } from "../../lib/core/vocabulary/adapter.js"
import { OUTAGE_REMINDER_MS } from "../../lib/core/config/defaults.js"
import { resolveConfig } from "../../lib/core/config/resolve.js"
import type { AuthConfig } from "../../lib/core/config/types.js"
import { readSession } from "../../lib/core/session/read-session.js"
import { getCsrf, makeAuthRequest } from "../utils/make-auth-request.js"
import { AUTH_SECRET, recordingLogger, SESSION_COOKIE, testConfig } from "../utils/test-config.js"

const DAY = 24 * 60 * 60 * 1000
const corp = { id: "corp", name: "Corp", type: "oidc" as const, issuer: "https://idp.example", clientId: "c", clientSecret: "s" }

/** A database-strategy config (implied by the adapter) over a MemoryAdapter holding one user. */
async function setup(overrides: Partial<AuthConfig> = {}) {
  const adapter = overrides.adapter ?? MemoryAdapter()
  const log = recordingLogger()
  const config = testConfig({ providers: [corp], adapter, logger: log.logger, ...overrides })
  const user = (await adapter.createUser!({ id: "u1", name: "Alice", email: "alice@example.com", emailVerified: null, image: null })) as AdapterUser
  const session = async (expires: Date, sessionToken: string = crypto.randomUUID()) =>
    (await adapter.createSession!({ sessionToken, userId: user.id, expires })).sessionToken
  return { adapter, config, log, user, session }
}

const input = (cookies: Record<string, string>) => ({ protocol: "http", headers: { host: "localhost:3000" }, cookies })

/** Wraps an adapter so the listed methods throw, as a database that went away would. */
function failing(adapter: Adapter, failures: Set<string>): Adapter {
  return new Proxy(adapter, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver)
      if (typeof value !== "function" || !failures.has(String(key))) return value
      return async () => {
        throw new Error("connect ECONNREFUSED 127.0.0.1:5432")
      }
    },
  })
}

afterEach(() => {
  vi.useRealTimers()
})

describe("the database strategy: configuration", () => {
  it("is the default when an adapter is set, and jwt stays possible with one", () => {
    expect(testConfig({ providers: [corp], adapter: MemoryAdapter() }).session.strategy).toBe("database")
    expect(testConfig({ providers: [corp], adapter: MemoryAdapter(), session: { strategy: "jwt" } }).session.strategy).toBe("jwt")
    expect(testConfig({ providers: [corp] }).session.strategy).toBe("jwt")
  })

  it("names the adapter methods it lacks at start-up", () => {
    const { createSession: _a, deleteSession: _b, ...partial } = MemoryAdapter()
    expect(() => testConfig({ providers: [corp], adapter: partial })).toThrow(/createSession, deleteSession/)
  })

  it("checks at start-up that a jwt-strategy adapter can store OAuth users", () => {
    const { linkAccount: _l, ...partial } = MemoryAdapter()
    expect(() => testConfig({ providers: [corp], adapter: partial, session: { strategy: "jwt" } })).toThrow(/linkAccount/)
    // Credentials sign-ins never touch the adapter, so they do not need those methods.
    expect(() => resolveConfig({ secret: AUTH_SECRET, trustHost: true, providers: [], adapter: {}, session: { strategy: "jwt" } }, {})).not.toThrow()
  })
})

describe("GET /auth/session (database strategy)", () => {
  it("returns the user and the stored expiry, and re-sets the same token cookie", async () => {
    const { config, session } = await setup()
    const expires = new Date(Date.now() + 20 * DAY)
    const token = await session(expires)
    const res = await makeAuthRequest(config, { action: "session", cookies: { [SESSION_COOKIE]: token } })
    expect(res.body).toEqual({ user: { name: "Alice", email: "alice@example.com", image: null }, expires: expires.toISOString() })
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)!
    expect(cookie.value).toBe(token)
    expect(cookie.options.expires!.valueOf()).toBeGreaterThan(Date.now() + 29 * DAY)
  })

  it("extends the row once updateAge has passed, and not before", async () => {
    const { adapter, config, session } = await setup()
    const fresh = new Date(Date.now() + 30 * DAY - 1_000)
    const freshToken = await session(fresh)
    await makeAuthRequest(config, { action: "session", cookies: { [SESSION_COOKIE]: freshToken } })
    expect((await adapter.getSessionAndUser!(freshToken))!.session.expires).toEqual(fresh)

    const due = new Date(Date.now() + 29 * DAY - 1_000)
    const dueToken = await session(due)
    const res = await makeAuthRequest(config, { action: "session", cookies: { [SESSION_COOKIE]: dueToken } })
    expect((res.body as { expires: string }).expires).toBe(due.toISOString())
    expect((await adapter.getSessionAndUser!(dueToken))!.session.expires.valueOf()).toBeGreaterThan(Date.now() + 30 * DAY - 5_000)
  })

  it("extends on every read with updateAge 0", async () => {
    const { adapter, config, session } = await setup({ session: { updateAge: 0 } })
    const expires = new Date(Date.now() + 30 * DAY - 10_000)
    const token = await session(expires)
    await makeAuthRequest(config, { action: "session", cookies: { [SESSION_COOKIE]: token } })
    expect((await adapter.getSessionAndUser!(token))!.session.expires.valueOf()).toBeGreaterThan(expires.valueOf())
  })

  it("deletes an expired session, answers null and clears the cookie", async () => {
    const { adapter, config, session } = await setup()
    const token = await session(new Date(Date.now() - 1))
    const res = await makeAuthRequest(config, { action: "session", cookies: { [SESSION_COOKIE]: token } })
    expect(res.body).toBeNull()
    expect(res.cookies).toContainEqual(expect.objectContaining({ name: SESSION_COOKIE, value: "", options: expect.objectContaining({ maxAge: 0 }) }))
    expect(await adapter.getSessionAndUser!(token)).toBeNull()
  })

  it("treats a session with an unreadable expiry as expired", async () => {
    const { adapter, config, user } = await setup()
    await adapter.createSession!({ sessionToken: "bad-date", userId: user.id, expires: new Date("nonsense") })
    const res = await makeAuthRequest(config, { action: "session", cookies: { [SESSION_COOKIE]: "bad-date" } })
    expect(res.body).toBeNull()
    expect(await adapter.getSessionAndUser!("bad-date")).toBeNull()
  })

  it("never asks the adapter about a token no session could have", async () => {
    const calls: string[] = []
    const adapter = MemoryAdapter()
    const spy = { ...adapter, getSessionAndUser: (t: string) => (calls.push(t), adapter.getSessionAndUser(t)) }
    const { config } = await setup({ adapter: spy })
    for (const value of ["\u0000", "a b", "x".repeat(4_000), "é"]) {
      const res = await makeAuthRequest(config, { action: "session", cookies: { [SESSION_COOKIE]: value } })
      expect(res.body).toBeNull()
    }
    expect(calls).toEqual([])
  })

  it("gives the session callback the stored session, the user, and (on POST) the update", async () => {
    const seen: unknown[] = []
    const { config, session, user } = await setup({
      callbacks: { session: (params) => (seen.push(params), { user: { name: params.user?.name }, expires: "x", extra: params.newSession }) },
    })
    const token = await session(new Date(Date.now() + 10 * DAY))
    const read = await makeAuthRequest(config, { action: "session", cookies: { [SESSION_COOKIE]: token } })
    expect(read.body).toEqual({ user: { name: "Alice" }, expires: "x" })
    expect(seen[0]).toMatchObject({ session: { sessionToken: token, userId: user.id, user: { email: "alice@example.com" } }, user: { id: "u1" } })
    expect(seen[0]).not.toHaveProperty("trigger")

    const { token: csrfToken, jar } = await getCsrf(config)
    const update = await makeAuthRequest(config, {
      method: "POST", action: "session", cookies: { ...jar, [SESSION_COOKIE]: token }, body: { csrfToken, data: { theme: "dark" } },
    })
    expect(update.body).toMatchObject({ extra: { theme: "dark" } })
    expect(seen[1]).toMatchObject({ trigger: "update", newSession: { theme: "dark" } })
  })

  it("fires the session event with the session body", async () => {
    const events: unknown[] = []
    const { config, session } = await setup({ events: { session: (m) => void events.push(m) } })
    const token = await session(new Date(Date.now() + 10 * DAY))
    await makeAuthRequest(config, { action: "session", cookies: { [SESSION_COOKIE]: token } })
    expect(events).toEqual([{ session: expect.objectContaining({ user: expect.objectContaining({ name: "Alice" }) }) }])
  })
})

describe("adapter failures during session reads", () => {
  it("answer null without clearing the cookie, and log once per outage, not once per request", async () => {
    const failures = new Set(["getSessionAndUser"])
    const base = MemoryAdapter()
    const { config, log, session } = await setup({ adapter: failing(base, failures) })
    const token = await session(new Date(Date.now() + 10 * DAY))
    for (let i = 0; i < 5; i++) {
      const res = await makeAuthRequest(config, { action: "session", cookies: { [SESSION_COOKIE]: token } })
      expect(res.status).toBe(200)
      expect(res.body).toBeNull()
      expect(res.cookies.some((c) => c.name === SESSION_COOKIE)).toBe(false)
      const guarded = await readSession(config, input({ [SESSION_COOKIE]: token }))
      expect(guarded).toMatchObject({ session: null, unavailable: true, cookies: [] })
    }
    expect(log.errors.map((e) => (e as { type?: string }).type)).toEqual(["SessionTokenError"])
    expect(String((log.errors[0]!.cause as Error).cause)).toContain("ECONNREFUSED")

    // The database returns: sessions work again, and the next outage is reported again.
    failures.clear()
    expect((await readSession(config, input({ [SESSION_COOKIE]: token }))).session).toMatchObject({ user: { name: "Alice" } })
    failures.add("getSessionAndUser")
    await readSession(config, input({ [SESSION_COOKIE]: token }))
    expect(log.errors).toHaveLength(2)
  })

  it("remind once a minute, with the number of failures in between", async () => {
    vi.useFakeTimers({ toFake: ["Date"] })
    const { config, log, session } = await setup({ adapter: failing(MemoryAdapter(), new Set(["getSessionAndUser"])) })
    const token = await session(new Date(Date.now() + 10 * DAY))
    for (let i = 0; i < 3; i++) await readSession(config, input({ [SESSION_COOKIE]: token }))
    expect(log.errors).toHaveLength(1)
    vi.setSystemTime(Date.now() + OUTAGE_REMINDER_MS)
    await readSession(config, input({ [SESSION_COOKIE]: token }))
    expect(log.errors).toHaveLength(2)
    expect(log.errors[1]!.message).toMatch(/still failing \(3 session reads failed/)
  })

  it.each(["updateSession", "deleteSession"])("never grant a session when %s fails", async (method) => {
    const { config, session } = await setup({ adapter: failing(MemoryAdapter(), new Set([method])) })
    const expires = method === "deleteSession" ? new Date(Date.now() - 1) : new Date(Date.now() + 29 * DAY - 1_000)
    const token = await session(expires)
    const res = await makeAuthRequest(config, { action: "session", cookies: { [SESSION_COOKIE]: token } })
    expect(res.body).toBeNull()
    expect(await readSession(config, input({ [SESSION_COOKIE]: token }))).toMatchObject({ session: null, unavailable: true })
  })

  it("tell a throwing session callback apart from an outage (no session, but not unavailable)", async () => {
    const { config, log, session } = await setup({ callbacks: { session: () => { throw new Error("bug in the app") } } })
    const token = await session(new Date(Date.now() + 10 * DAY))
    const result = await readSession(config, input({ [SESSION_COOKIE]: token }))
    expect(result.session).toBeNull()
    expect(result.unavailable).toBeUndefined()
    expect(log.errors.map((e) => (e as { type?: string }).type)).toEqual(["SessionTokenError"])
  })
})

describe("readSession (the guard's check, database strategy)", () => {
  it("re-sets the cookie only when the row was extended", async () => {
    const { config, session } = await setup()
    const fresh = await readSession(config, input({ [SESSION_COOKIE]: await session(new Date(Date.now() + 30 * DAY - 1_000)) }))
    expect(fresh.session).toMatchObject({ user: { email: "alice@example.com" } })
    expect(fresh.cookies).toEqual([])
    const token = await session(new Date(Date.now() + 28 * DAY))
    const due = await readSession(config, input({ [SESSION_COOKIE]: token }))
    expect(due.cookies).toEqual([expect.objectContaining({ name: SESSION_COOKIE, value: token })])
  })

  it("clears the cookie of an unknown token", async () => {
    const { config } = await setup()
    const result = await readSession(config, input({ [SESSION_COOKIE]: crypto.randomUUID() }))
    expect(result.session).toBeNull()
    expect(result.cookies).toEqual([expect.objectContaining({ name: SESSION_COOKIE, value: "" })])
  })
})

describe("POST /auth/signout (database strategy)", () => {
  it("deletes the session row and fires signOut with it", async () => {
    const events: unknown[] = []
    const { adapter, config, session } = await setup({ events: { signOut: (m) => void events.push(m) } })
    const token = await session(new Date(Date.now() + 10 * DAY))
    const { token: csrfToken, jar } = await getCsrf(config)
    const res = await makeAuthRequest(config, { method: "POST", action: "signout", cookies: { ...jar, [SESSION_COOKIE]: token }, body: { csrfToken } })
    expect(res.status).toBe(302)
    expect(res.cookies).toContainEqual(expect.objectContaining({ name: SESSION_COOKIE, value: "" }))
    expect(await adapter.getSessionAndUser!(token)).toBeNull()
    expect(events).toEqual([{ session: expect.objectContaining({ sessionToken: token }) }])
  })

  it("still clears the cookie when the adapter fails, and logs SignOutError", async () => {
    const { config, log, session } = await setup({ adapter: failing(MemoryAdapter(), new Set(["deleteSession"])) })
    const token = await session(new Date(Date.now() + 10 * DAY))
    const { token: csrfToken, jar } = await getCsrf(config)
    const res = await makeAuthRequest(config, { method: "POST", action: "signout", cookies: { ...jar, [SESSION_COOKIE]: token }, body: { csrfToken } })
    expect(res.status).toBe(302)
    expect(res.cookies).toContainEqual(expect.objectContaining({ name: SESSION_COOKIE, value: "" }))
    expect(log.errors.map((e) => (e as { type?: string }).type)).toEqual(["SignOutError"])
  })
})
