import PostgresAdapter from "@auth/pg-adapter"
import type pg from "pg"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { MemoryAdapter, type Adapter } from "../../../lib/index.js"
import { newPool, pgAdapterDatabase, sharedPostgres, stopBackendServers } from "../../utils/adapter-backends.js"
import { CookieJar } from "../../utils/cookie-jar.js"
import { freePort } from "../../utils/free-port.js"
import { startApp } from "../../utils/nest-app.js"
import { startOidcIssuer } from "../../utils/oidc/index.js"
import { oidcSignIn, signOut } from "../../utils/oidc-sign-in.js"
import type { RunningPostgres } from "../../utils/postgres.js"
import { postgresAvailability } from "../../utils/postgres.js"
import { describeWithServers } from "../../utils/real-server.js"
import { recordingLogger } from "../../utils/test-config.js"
import { CLIENTS, databaseAppModule } from "../database-session/app.module.js"

const SESSION = "authjs.session-token"

afterAll(() => stopBackendServers())

/** An app over `adapter` with a recording logger, and a test issuer that knows `accounts`. */
async function startFaultApp(adapter: Adapter, accounts: Record<string, Record<string, unknown>>) {
  const port = await freePort()
  const appUrl = `http://127.0.0.1:${port}`
  const issuer = await startOidcIssuer({
    accounts,
    clients: Object.entries(CLIENTS).map(([id, client]) => ({ ...client, redirect_uris: [`${appUrl}/auth/callback/${id}`] })),
  })
  const log = recordingLogger()
  const running = await startApp(databaseAppModule({ issuer: issuer.issuer, adapter, config: { logger: log.logger } }), undefined, port)
  return { issuer, running, log, url: running.url }
}

const errorTypes = (errors: Error[]) => errors.map((e) => (e as { type?: string }).type ?? e.name)

describeWithServers("PostgreSQL stops mid-run (@auth/pg-adapter)", [postgresAvailability], () => {
  const accounts = {
    before: { name: "Before", email: "before@example.com" },
    during: { name: "During", email: "during@example.com" },
  }
  let server: RunningPostgres
  let pool: pg.Pool
  let app: Awaited<ReturnType<typeof startFaultApp>>
  let jar: CookieJar

  beforeAll(async () => {
    server = await sharedPostgres()
    const db = await pgAdapterDatabase()
    // A fresh pool over the same database: the app's, with pg's recommended idle-error listener.
    await db.pool.end()
    pool = newPool(db.url)
    app = await startFaultApp(PostgresAdapter(pool), accounts)
    jar = new CookieJar()
    await oidcSignIn(jar, app.url, "corp", "before")
  })
  afterAll(async () => {
    await server?.resume().catch(() => {})
    await app?.running.app.close()
    await pool?.end()
    await app?.issuer.stop()
  })

  it("guards answer 503 while it is down, log it once, keep the cookie, and recover when it returns", async () => {
    const token = jar.get(SESSION)!
    expect((await jar.fetch(`${app.url}/profile`)).status).toBe(200)
    const errorsBefore = app.log.errors.length

    await server.halt()
    for (let i = 0; i < 6; i++) {
      const res = await jar.fetch(`${app.url}/profile`)
      expect(res.status).toBe(503)
      expect(await res.json()).toMatchObject({ statusCode: 503 })
      expect(res.headers.getSetCookie().some((line) => line.startsWith(`${SESSION}=`))).toBe(false)
    }
    // The session endpoint answers as Auth.js does: 200 null, cookie kept.
    const session = await jar.fetch(`${app.url}/auth/session`)
    expect(session.status).toBe(200)
    expect(await session.json()).toBeNull()
    expect(jar.get(SESSION)).toBe(token)
    // Public routes keep working: the process is fine.
    expect((await fetch(`${app.url}/health`)).status).toBe(200)
    expect(errorTypes(app.log.errors.slice(errorsBefore))).toEqual(["SessionTokenError"])

    await server.resume()
    const back = await jar.fetch(`${app.url}/profile`)
    expect(back.status).toBe(200)
    expect(await back.json()).toMatchObject({ user: { email: "before@example.com" } })
  })

  it("sends sign-ins during the outage to the error page, granting no session", async () => {
    await server.halt()
    try {
      const fresh = new CookieJar()
      const res = await oidcSignIn(fresh, app.url, "corp", "during")
      expect(res.status).toBe(302)
      expect(res.headers.get("location")).toBe(`${app.url}/auth/error?error=Configuration`)
      expect(fresh.get(SESSION)).toBeUndefined()
      expect((await fresh.fetch(`${app.url}/profile`)).status).toBe(401)
    } finally {
      await server.resume()
    }
    const retry = new CookieJar()
    const res = await oidcSignIn(retry, app.url, "corp", "during")
    expect(res.headers.get("location")).toBe(`${app.url}/profile`)
    expect((await retry.fetch(`${app.url}/profile`)).status).toBe(200)
  })

  it("logs a new outage again after a recovery", async () => {
    const errorsBefore = app.log.errors.length
    await server.halt()
    try {
      expect((await jar.fetch(`${app.url}/profile`)).status).toBe(503)
      expect((await jar.fetch(`${app.url}/profile`)).status).toBe(503)
    } finally {
      await server.resume()
    }
    expect((await jar.fetch(`${app.url}/profile`)).status).toBe(200)
    expect(errorTypes(app.log.errors.slice(errorsBefore))).toEqual(["SessionTokenError"])
  })
})

describe("adapter errors never grant a session", () => {
  const methods = ["getUserByAccount", "getUserByEmail", "createUser", "linkAccount", "createSession"]
  const accounts: Record<string, Record<string, unknown>> = {
    victim: { name: "Victim", email: "victim@example.com" },
    known: { name: "Known", email: "known@example.com" },
    // A first-time user per failing method, so each failure hits a sign-in that needs that method.
    ...Object.fromEntries(methods.map((m) => [`new-${m}`, { name: m, email: `${m.toLowerCase()}@example.com` }])),
  }
  const failures = new Set<string>()
  const memory = MemoryAdapter()
  // The methods in `failures` throw, as a broken or unreachable store would.
  const adapter = new Proxy(memory, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver)
      if (typeof value !== "function") return value
      return (...args: unknown[]) => {
        if (failures.has(String(key))) throw new Error(`${String(key)}: store unreachable`)
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
  let app: Awaited<ReturnType<typeof startFaultApp>>

  beforeAll(async () => {
    app = await startFaultApp(adapter, accounts)
  })
  afterAll(async () => {
    await app?.running.app.close()
    await app?.issuer.stop()
  })

  it.each(methods)(
    "a sign-in whose %s fails lands on the error page without a session cookie, and the next one works",
    async (method) => {
      failures.clear()
      failures.add(method)
      try {
        const jar = new CookieJar()
        const res = await oidcSignIn(jar, app.url, "corp", `new-${method}`)
        expect(res.headers.get("location")).toBe(`${app.url}/auth/error?error=Configuration`)
        expect(jar.get(SESSION)).toBeUndefined()
        expect((await jar.fetch(`${app.url}/profile`)).status).toBe(401)
      } finally {
        failures.clear()
      }
      // Nothing half-made blocks the next attempt (a user without its account would own the email).
      const jar = new CookieJar()
      expect((await oidcSignIn(jar, app.url, "corp", `new-${method}`)).headers.get("location")).toBe(`${app.url}/profile`)
    },
  )

  it("a session signed in earlier is refused (503) while getSessionAndUser fails, and a sign-in with it errors", async () => {
    const jar = new CookieJar()
    await oidcSignIn(jar, app.url, "corp", "known")
    expect((await jar.fetch(`${app.url}/profile`)).status).toBe(200)
    failures.add("getSessionAndUser")
    try {
      expect((await jar.fetch(`${app.url}/profile`)).status).toBe(503)
      expect(await (await jar.fetch(`${app.url}/auth/session`)).json()).toBeNull()
      // Signing in again while signed in needs the current session: the lookup failure must not be
      // mistaken for "nobody signed in" (which could create or link the wrong user).
      const res = await oidcSignIn(jar, app.url, "partner", "victim")
      expect(res.headers.get("location")).toBe(`${app.url}/auth/error?error=Configuration`)
      expect(await memory.getUserByAccount({ provider: "partner", providerAccountId: "victim" })).toBeNull()
    } finally {
      failures.clear()
    }
    expect((await jar.fetch(`${app.url}/profile`)).status).toBe(200)
  })

  it("sign-out still clears the cookie when deleteSession fails", async () => {
    const jar = new CookieJar()
    await oidcSignIn(jar, app.url, "corp", "known")
    failures.add("deleteSession")
    try {
      const res = await signOut(jar, app.url)
      expect(res.status).toBe(302)
      expect(jar.get(SESSION)).toBeUndefined()
    } finally {
      failures.clear()
    }
    expect(errorTypes(app.log.errors)).toContain("SignOutError")
  })
})
