import { decode as authjsDecode } from "@auth/core/jwt"
import { getSession as authjsGetSession } from "@auth/express"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { MemoryRevocationStore, type AuthConfig, type SessionRevocationStore } from "../../../lib/index.js"
import { CookieJar } from "../../utils/cookie-jar.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { TEST_SECRET } from "../../utils/nest-auth-config.js"
import { serverSessionsModule } from "./app.module.js"

const SESSION = "authjs.session-token"

interface Recorded {
  triggers: Array<string | undefined>
  updates: unknown[]
  events: string[]
}

function jwtApp(extra: Partial<AuthConfig> = {}) {
  const state = {} as { running: RunningApp; url: string }
  const seen: Recorded = { triggers: [], updates: [], events: [] }
  const config: Partial<AuthConfig> = {
    session: { strategy: "jwt" },
    callbacks: {
      signIn: ({ user }) => user.email !== "banned@example.com",
      jwt: ({ token, trigger, session }) => {
        seen.triggers.push(trigger)
        if (trigger === "update") {
          seen.updates.push(session)
          return { ...token, role: (session as { role?: string })?.role }
        }
        return token
      },
      session: ({ session, token }) => ({ ...session, role: token?.role, userId: token?.sub }) as never,
    },
    events: {
      signIn: () => void seen.events.push("signIn"),
      signOut: () => void seen.events.push("signOut"),
    },
    ...extra,
  }
  beforeAll(async () => {
    state.running = await startApp(serverSessionsModule(config))
    state.url = state.running.url
  })
  afterAll(() => state.running?.app.close())
  beforeEach(() => {
    seen.triggers.length = seen.updates.length = seen.events.length = 0
  })
  const post = (jar: CookieJar, path: string, body: unknown = {}) =>
    jar.fetch(`${state.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
  const signUp = async (jar: CookieJar, user: Record<string, unknown>, isNewUser = false) => post(jar, "/signup", { user, isNewUser })
  return { state, seen, post, signUp }
}

describe("server-side sessions, JWT strategy", () => {
  const { state, seen, post, signUp } = jwtApp({ session: { strategy: "jwt", revocation: MemoryRevocationStore() } })

  it("signIn issues the session cookie without a redirect: signIn callback, jwt callback (signUp), signIn event; the same request sees it", async () => {
    const jar = new CookieJar()
    const res = await signUp(jar, { id: "u-1", email: "ada@example.com", name: "Ada" }, true)
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body.session.user).toEqual({ name: "Ada", email: "ada@example.com" })
    expect(body.again).toEqual(body.session)
    expect(seen.triggers[0]).toBe("signUp")
    expect(seen.events).toEqual(["signIn"])
    const me = await jar.fetch(`${state.url}/me`)
    expect(me.status).toBe(200)
    expect((await me.json()).userId).toBe("u-1")
  })

  it("the server-issued cookie is an Auth.js session: @auth/core decodes it", async () => {
    const jar = new CookieJar()
    await signUp(jar, { id: "u-interop", email: "interop@example.com", name: "Inter Op" })
    const decoded = await authjsDecode({ token: jar.get(SESSION)!, secret: TEST_SECRET, salt: SESSION })
    expect(decoded).toMatchObject({ sub: "u-interop", email: "interop@example.com", name: "Inter Op" })
    // And @auth/express, configured with the same secret, reads it as its own session.
    const request = { protocol: "http", headers: { host: new URL(state.url).host, cookie: `${SESSION}=${jar.get(SESSION)}` } }
    const session = await authjsGetSession(request as never, { secret: TEST_SECRET, trustHost: true, providers: [] })
    expect(session?.user).toEqual({ name: "Inter Op", email: "interop@example.com" })
  })

  it("refuses a user the signIn callback refuses: no cookie", async () => {
    const jar = new CookieJar()
    const res = await signUp(jar, { id: "u-banned", email: "banned@example.com" })
    expect(res.status).toBe(403)
    expect(jar.get(SESSION)).toBeUndefined()
    expect(seen.events).toEqual([])
  })

  it("updateSession runs the jwt callback with trigger update and the data, and re-issues the cookie", async () => {
    const jar = new CookieJar()
    await signUp(jar, { id: "u-2", email: "bo@example.com", name: "Bo" })
    const before = jar.get(SESSION)
    const res = await post(jar, "/update", { data: { role: "admin" } })
    expect((await res.json()).session.role).toBe("admin")
    expect(seen.updates).toEqual([{ role: "admin" }])
    expect(jar.get(SESSION)).not.toBe(before)
    expect((await (await jar.fetch(`${state.url}/me`)).json()).role).toBe("admin")
    const decoded = await authjsDecode({ token: jar.get(SESSION)!, secret: TEST_SECRET, salt: SESSION })
    expect(decoded?.role).toBe("admin")
  })

  it("updateSession without a session answers null and sets nothing", async () => {
    const jar = new CookieJar()
    const res = await post(jar, "/update", { data: { role: "admin" } })
    expect(await res.json()).toEqual({ session: null })
    expect(res.headers.getSetCookie()).toEqual([])
  })

  it("signOut clears the cookie and fires signOut; the same request then has no session", async () => {
    const jar = new CookieJar()
    await signUp(jar, { id: "u-3", email: "cy@example.com" })
    const res = await post(jar, "/logout")
    expect(await res.json()).toEqual({ session: null })
    expect(jar.get(SESSION)).toBeUndefined()
    expect(seen.events).toEqual(["signIn", "signOut"])
    expect((await jar.fetch(`${state.url}/me`)).status).toBe(401)
  })

  it("sign out everywhere: every old cookie of the user gets 401, other users are untouched, new sign-ins work", async () => {
    const [a, b, other] = [new CookieJar(), new CookieJar(), new CookieJar()]
    await signUp(a, { id: "u-4", email: "dee@example.com" })
    await signUp(b, { id: "u-4", email: "dee@example.com" })
    await signUp(other, { id: "u-5", email: "eve@example.com" })
    const bCookie = b.get(SESSION)!
    const res = await post(a, "/sessions/revoke-all")
    expect(await res.json()).toEqual({ count: 0 })
    expect(a.get(SESSION)).toBeUndefined()
    expect((await b.fetch(`${state.url}/me`)).status).toBe(401)
    // An old cookie replayed is refused too (b's jar dropped it when told to).
    const replay = await fetch(`${state.url}/me`, { headers: { cookie: `${SESSION}=${bCookie}` } })
    expect(replay.status).toBe(401)
    expect((await other.fetch(`${state.url}/me`)).status).toBe(200)
    // Revocation covers the whole second it happened in; a sign-in after it works.
    await new Promise((r) => setTimeout(r, 1100))
    const fresh = new CookieJar()
    await signUp(fresh, { id: "u-4", email: "dee@example.com" })
    expect((await fresh.fetch(`${state.url}/me`)).status).toBe(200)
  })

  it("GET /auth/session refuses a revoked session too", async () => {
    const [a, b] = [new CookieJar(), new CookieJar()]
    await signUp(a, { id: "u-6", email: "fay@example.com" })
    await signUp(b, { id: "u-6", email: "fay@example.com" })
    await post(a, "/sessions/revoke-all")
    const res = await b.fetch(`${state.url}/auth/session`)
    expect(await res.json()).toBeNull()
  })

  it("management calls without a session are refused by the guard, never a 5xx", async () => {
    const jar = new CookieJar()
    for (const path of ["/sessions/revoke", "/sessions/revoke-all", "/accounts/unlink", "/account/delete"]) {
      expect((await post(jar, path, { id: { $ne: 1 } })).status).toBe(401)
    }
    const forged = await fetch(`${state.url}/sessions/revoke-all`, { method: "POST", headers: { cookie: `${SESSION}=not-a-jwt` } })
    expect(forged.status).toBe(401)
  })
})

describe("server-side sessions, JWT strategy: a failing revocation store", () => {
  const failing: SessionRevocationStore = {
    revokedBefore: () => Promise.reject(new Error("redis down")),
    revokeAll: () => Promise.reject(new Error("redis down")),
  }
  const { state, signUp } = jwtApp({ session: { strategy: "jwt", revocation: failing }, logger: { error() {}, warn() {}, debug() {} } })

  it("answers 503 and keeps the cookie rather than signing everybody out", async () => {
    const jar = new CookieJar()
    await signUp(jar, { id: "u-7", email: "gus@example.com" })
    const res = await jar.fetch(`${state.url}/me`)
    expect(res.status).toBe(503)
    expect(jar.get(SESSION)).toBeDefined()
  })
})
