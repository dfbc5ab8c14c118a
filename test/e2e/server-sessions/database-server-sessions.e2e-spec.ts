import { afterAll, beforeAll, expect, it } from "vitest"
import type { Adapter, AdapterUser, AuthConfig, SessionManagementMethods } from "../../../lib/index.js"
import { stopBackendServers } from "../../utils/adapter-backends.js"
import { CookieJar } from "../../utils/cookie-jar.js"
import { managedBackends, stopManagedRedis } from "../../utils/managed-backends.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { describeWithServers } from "../../utils/real-server.js"
import { serverSessionsModule } from "./app.module.js"

const SESSION = "authjs.session-token"

afterAll(async () => {
  await stopBackendServers()
  await stopManagedRedis()
})

for (const backend of managedBackends) {
  describeWithServers(`server-side sessions, database strategy: ${backend.name}`, backend.servers, () => {
    const state = {} as { running: RunningApp; url: string; adapter: Adapter & Required<SessionManagementMethods>; close(): Promise<void> }
    const updates: unknown[] = []
    const config = (): Partial<AuthConfig> => ({
      adapter: state.adapter,
      callbacks: {
        session: ({ session, user, trigger, newSession }) => {
          if (trigger === "update") updates.push(newSession)
          return { ...session, userId: user?.id, role: (newSession as { role?: string } | undefined)?.role } as never
        },
      },
    })
    beforeAll(async () => {
      const store = await backend.create()
      Object.assign(state, { adapter: store.adapter, close: store.close })
      state.running = await startApp(serverSessionsModule(config()))
      state.url = state.running.url
    })
    afterAll(async () => {
      await state.running?.app.close()
      await state.close?.()
    })

    let n = 0
    const newUser = async (): Promise<AdapterUser> => {
      const email = `person${++n}-${Date.now()}@example.com`
      return state.adapter.createUser!({ id: crypto.randomUUID(), email, emailVerified: null, name: `Person ${n}` })
    }
    const post = (jar: CookieJar, path: string, body: unknown = {}) =>
      jar.fetch(`${state.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
    const signedIn = async (user: AdapterUser) => {
      const jar = new CookieJar()
      const res = await post(jar, "/signup", { user: { id: user.id, email: user.email } })
      expect(res.status).toBe(200)
      return jar
    }
    const status = async (jar: CookieJar) => (await jar.fetch(`${state.url}/me`)).status
    const list = async (jar: CookieJar) => (await (await jar.fetch(`${state.url}/sessions`)).json()) as Array<{ id: string; current: boolean; expires: string; renewedAt: string }>

    it("signIn stores a session row for an existing user and sets its token as the cookie", async () => {
      const user = await newUser()
      const jar = await signedIn(user)
      const token = jar.get(SESSION)!
      const found = await state.adapter.getSessionAndUser!(token)
      expect(String(found?.user.id)).toBe(String(user.id))
      const me = await (await jar.fetch(`${state.url}/me`)).json()
      expect(String(me.userId)).toBe(String(user.id))
    })

    it("signIn replaces the browser's previous session row", async () => {
      const user = await newUser()
      const jar = await signedIn(user)
      const first = jar.get(SESSION)!
      await post(jar, "/signup", { user: { id: user.id, email: user.email } })
      expect(jar.get(SESSION)).not.toBe(first)
      expect(await state.adapter.getSessionAndUser!(first)).toBeNull()
      expect(await list(jar)).toHaveLength(1)
    })

    it("updateSession runs the session callback with trigger update and newSession", async () => {
      const jar = await signedIn(await newUser())
      const res = await post(jar, "/update", { data: { role: "editor" } })
      expect((await res.json()).session.role).toBe("editor")
      expect(updates.at(-1)).toEqual({ role: "editor" })
    })

    it("signOut deletes the row and clears the cookie", async () => {
      const jar = await signedIn(await newUser())
      const token = jar.get(SESSION)!
      await post(jar, "/logout")
      expect(jar.get(SESSION)).toBeUndefined()
      expect(await state.adapter.getSessionAndUser!(token)).toBeNull()
    })

    it("lists the user's sessions with opaque ids (never the token), marks the current one", async () => {
      const user = await newUser()
      const [a, b] = [await signedIn(user), await signedIn(user)]
      await signedIn(await newUser())
      const sessions = await list(a)
      expect(sessions).toHaveLength(2)
      expect(sessions.filter((s) => s.current)).toHaveLength(1)
      const text = JSON.stringify(sessions)
      expect(text).not.toContain(a.get(SESSION)!)
      expect(text).not.toContain(b.get(SESSION)!)
      for (const s of sessions) {
        expect(s.id).toMatch(/^[A-Za-z0-9_-]{43}$/)
        expect(Date.parse(s.expires)).toBeGreaterThan(Date.now())
        expect(Date.parse(s.renewedAt)).toBeLessThanOrEqual(Date.now() + 1000)
      }
    })

    it("a forged id, another user's id, or garbage revokes nothing and never answers 5xx", async () => {
      const [me, other] = [await signedIn(await newUser()), await signedIn(await newUser())]
      const theirs = (await list(other))[0]!.id
      for (const id of [theirs, "A".repeat(43), "x", 42, { $ne: "" }, null, other.get(SESSION)]) {
        const res = await post(me, "/sessions/revoke", { id })
        expect(res.status).toBe(200)
        expect(await res.json()).toEqual({ revoked: false })
      }
      expect(await status(other)).toBe(200)
      expect(await status(me)).toBe(200)
    })

    it("revokes one session by id: that browser is refused on its next request", async () => {
      const user = await newUser()
      const [a, b] = [await signedIn(user), await signedIn(user)]
      const target = (await list(a)).find((s) => !s.current)!
      expect(await (await post(a, "/sessions/revoke", { id: target.id })).json()).toEqual({ revoked: true })
      expect(await status(b)).toBe(401)
      expect(await status(a)).toBe(200)
    })

    it("revoking the current session by id signs this browser out", async () => {
      const a = await signedIn(await newUser())
      const mine = (await list(a))[0]!
      expect(await (await post(a, "/sessions/revoke", { id: mine.id })).json()).toEqual({ revoked: true })
      expect(a.get(SESSION)).toBeUndefined()
    })

    it("sign out everywhere else keeps this session and ends the others", async () => {
      const user = await newUser()
      const [a, b, c] = [await signedIn(user), await signedIn(user), await signedIn(user)]
      const other = await signedIn(await newUser())
      expect(await (await post(a, "/sessions/revoke-others")).json()).toEqual({ count: 2 })
      expect(await status(a)).toBe(200)
      expect(await status(b)).toBe(401)
      expect(await status(c)).toBe(401)
      expect(await status(other)).toBe(200)
      expect(await list(a)).toHaveLength(1)
    })

    it("sign out everywhere ends every session, this one included", async () => {
      const user = await newUser()
      const [a, b] = [await signedIn(user), await signedIn(user)]
      expect(await (await post(a, "/sessions/revoke-all")).json()).toEqual({ count: 2 })
      expect(await status(a)).toBe(401)
      expect(await status(b)).toBe(401)
    })

    it("lists linked accounts without tokens; unlinks only the user's own; refuses the last one", async () => {
      const user = await newUser()
      const stranger = await newUser()
      const link = (userId: string, provider: string, providerAccountId: string) =>
        state.adapter.linkAccount!({ userId, provider, providerAccountId, type: "oidc", access_token: "secret-at", token_type: "bearer" })
      await link(user.id, "corp", `corp-${user.id}`)
      await link(user.id, "partner", `partner-${user.id}`)
      await link(stranger.id, "corp", `corp-${stranger.id}`)
      const jar = await signedIn(user)
      const accounts = await (await jar.fetch(`${state.url}/accounts`)).json()
      expect(accounts).toHaveLength(2)
      expect(JSON.stringify(accounts)).not.toContain("secret-at")
      const unlink = async (provider: unknown, providerAccountId: unknown) =>
        (await (await post(jar, "/accounts/unlink", { provider, providerAccountId })).json()).result
      expect(await unlink("corp", `corp-${stranger.id}`)).toBe("not-found")
      expect(await unlink({ $ne: 1 }, 5)).toBe("not-found")
      expect(await state.adapter.listAccountsByUserId(stranger.id)).toHaveLength(1)
      expect(await unlink("corp", `corp-${user.id}`)).toBe("unlinked")
      expect(await unlink("partner", `partner-${user.id}`)).toBe("last-sign-in-method")
      expect(await (await jar.fetch(`${state.url}/accounts`)).json()).toEqual([
        { provider: "partner", providerAccountId: `partner-${user.id}`, type: "oidc" },
      ])
    })

    it("deleteUser deletes the user and their sessions, and signs this browser out", async () => {
      const user = await newUser()
      const [a, b] = [await signedIn(user), await signedIn(user)]
      expect(await (await post(a, "/account/delete")).json()).toEqual({ deleted: true })
      expect(await state.adapter.getUser!(user.id)).toBeNull()
      expect(await status(a)).toBe(401)
      expect(await status(b)).toBe(401)
    })
  })
}
