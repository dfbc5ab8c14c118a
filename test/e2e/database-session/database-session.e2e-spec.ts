import { afterAll, beforeAll, expect, it } from "vitest"
import { decode } from "../../../lib/jwt.js"
import type { Adapter, AuthConfig } from "../../../lib/index.js"
import { allBackends, memoryBackend, pgBackend, stopBackendServers, type AdapterBackend } from "../../utils/adapter-backends.js"
import { CookieJar } from "../../utils/cookie-jar.js"
import { freePort } from "../../utils/free-port.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { TEST_SECRET } from "../../utils/nest-auth-config.js"
import { type OidcIssuer, startOidcIssuer } from "../../utils/oidc/index.js"
import { oidcSignIn, signOut } from "../../utils/oidc-sign-in.js"
import { describeWithServers } from "../../utils/real-server.js"
import { CLIENTS, databaseAppModule } from "./app.module.js"

const SESSION = "authjs.session-token"
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const DAY = 24 * 60 * 60 * 1000
const MAX_AGE = 30 * DAY

afterAll(() => stopBackendServers())

/** One app (and test issuer) per suite, over the backend's adapter. */
function useApp(backend: AdapterBackend, config: Partial<AuthConfig> = {}) {
  const accounts: Record<string, Record<string, unknown>> = {}
  const state = {} as { running: RunningApp; url: string; adapter: Adapter; issuer: OidcIssuer; close(): Promise<void> }
  beforeAll(async () => {
    const port = await freePort()
    const appUrl = `http://127.0.0.1:${port}`
    state.issuer = await startOidcIssuer({
      accounts,
      clients: Object.entries(CLIENTS).map(([id, client]) => ({ ...client, redirect_uris: [`${appUrl}/auth/callback/${id}`] })),
    })
    const store = await backend.create()
    state.adapter = store.adapter
    state.close = store.close
    state.running = await startApp(databaseAppModule({ issuer: state.issuer.issuer, adapter: store.adapter, config }), undefined, port)
    state.url = state.running.url
  })
  afterAll(async () => {
    await state.running?.app.close()
    await state.close?.()
    await state.issuer?.stop()
  })
  /** An IdP account with its own email (unique per test, so tests do not depend on each other). */
  const person = (sub: string, email = `${sub}@example.com`) => {
    accounts[sub] = { name: `Person ${sub}`, email, email_verified: true }
    return sub
  }
  return { state, person }
}

/** The Set-Cookie line that sets (or clears) the session cookie. */
function sessionCookieLine(res: Response): string | undefined {
  return res.headers.getSetCookie().find((line) => line.startsWith(`${SESSION}=`))
}

for (const backend of allBackends) {
  describeWithServers(`database sessions through Nest over HTTP: ${backend.name}`, backend.servers, () => {
    const { state, person } = useApp(backend)

    async function signedIn(sub: string, provider = "corp") {
      const jar = new CookieJar()
      const res = await oidcSignIn(jar, state.url, provider, sub)
      expect(res.headers.get("location")).toBe(`${state.url}/profile`)
      return { jar, token: jar.get(SESSION)! }
    }

    it("defaults to the database strategy: the first sign-in creates the user, links the account and stores a random session token", async () => {
      const sub = person("first")
      const jar = new CookieJar()
      const res = await oidcSignIn(jar, state.url, "corp", sub)
      expect(res.status).toBe(302)
      expect(res.headers.get("location")).toBe(`${state.url}/profile`)
      const token = jar.get(SESSION)!
      expect(token).toMatch(UUID)
      const line = sessionCookieLine(res)!
      expect(line).toMatch(/HttpOnly/i)
      expect(line).toMatch(/SameSite=Lax/i)
      expect(line).toMatch(/Path=\//)

      const user = await state.adapter.getUserByAccount!({ provider: "corp", providerAccountId: sub })
      expect(user).toMatchObject({ email: `${sub}@example.com`, name: `Person ${sub}` })
      const stored = await state.adapter.getSessionAndUser!(token)
      expect(String(stored!.session.userId)).toBe(String(user!.id))
      const cookieExpires = Date.parse(/Expires=([^;]+)/i.exec(line)![1]!)
      expect(Math.abs(cookieExpires - new Date(stored!.session.expires).valueOf())).toBeLessThan(1_000)

      const profile = await jar.fetch(`${state.url}/profile`)
      expect(profile.status).toBe(200)
      expect(await profile.json()).toMatchObject({ user: { email: `${sub}@example.com`, name: `Person ${sub}` } })
      const session = await (await jar.fetch(`${state.url}/auth/session`)).json()
      expect(session.user.email).toBe(`${sub}@example.com`)
      // The expiry shown is the stored one (read before any extension), as in Auth.js.
      expect(session.expires).toBe(new Date(stored!.session.expires).toISOString())
    })

    it("signs the same account in again as the same user, each time with a new token", async () => {
      const sub = person("again")
      const a = await signedIn(sub)
      const b = await signedIn(sub)
      expect(a.token).not.toBe(b.token)
      const [sa, sb] = await Promise.all([state.adapter.getSessionAndUser!(a.token), state.adapter.getSessionAndUser!(b.token)])
      expect(String(sa!.user.id)).toBe(String(sb!.user.id))
    })

    it("refuses with OAuthAccountNotLinked when the account's email belongs to another user", async () => {
      const owner = person("owner", "shared@example.com")
      const twin = person("twin", "shared@example.com")
      await signedIn(owner)
      const jar = new CookieJar()
      const res = await oidcSignIn(jar, state.url, "corp", twin)
      expect(res.status).toBe(302)
      expect(res.headers.get("location")).toBe(`${state.url}/auth/signin?error=OAuthAccountNotLinked`)
      expect(jar.get(SESSION)).toBeUndefined()
      expect(await state.adapter.getUserByAccount!({ provider: "corp", providerAccountId: twin })).toBeNull()
    })

    it("links by email when the provider allows dangerous email account linking", async () => {
      const owner = person("linker", "linked@example.com")
      await signedIn(owner)
      const ownerUser = await state.adapter.getUserByAccount!({ provider: "corp", providerAccountId: owner })
      const other = person("linker-elsewhere", "linked@example.com")
      const { jar } = await signedIn(other, "partner")
      const linked = await state.adapter.getUserByAccount!({ provider: "partner", providerAccountId: other })
      expect(String(linked!.id)).toBe(String(ownerUser!.id))
      expect(await (await jar.fetch(`${state.url}/profile`)).json()).toMatchObject({ user: { email: "linked@example.com" } })
    })

    it("links a second account to the user who is signed in, keeping the session", async () => {
      const sub = person("main")
      const { jar, token } = await signedIn(sub)
      const second = person("main-work", "main.work@example.org")
      const res = await oidcSignIn(jar, state.url, "partner", second)
      expect(res.headers.get("location")).toBe(`${state.url}/profile`)
      expect(jar.get(SESSION)).toBe(token)
      const [a, b] = await Promise.all([
        state.adapter.getUserByAccount!({ provider: "corp", providerAccountId: sub }),
        state.adapter.getUserByAccount!({ provider: "partner", providerAccountId: second }),
      ])
      expect(String(b!.id)).toBe(String(a!.id))
    })

    it("refuses to sign in, while signed in, an account that belongs to another user", async () => {
      const mine = person("mine")
      const theirs = person("theirs")
      await signedIn(theirs)
      const { jar, token } = await signedIn(mine)
      const res = await oidcSignIn(jar, state.url, "corp", theirs)
      expect(res.headers.get("location")).toBe(`${state.url}/auth/signin?error=OAuthAccountNotLinked`)
      expect(jar.get(SESSION)).toBe(token)
    })

    it("extends the stored expiry once updateAge has passed, not before", async () => {
      const { jar, token } = await signedIn(person("extend"))
      const fresh = await jar.fetch(`${state.url}/profile`)
      expect(fresh.status).toBe(200)
      expect(sessionCookieLine(fresh)).toBeUndefined()

      // Pretend the session was last extended a day and a minute ago (updateAge is one day).
      const due = new Date(Date.now() + MAX_AGE - DAY - 60_000)
      await state.adapter.updateSession!({ sessionToken: token, expires: due })
      const res = await jar.fetch(`${state.url}/profile`)
      expect(res.status).toBe(200)
      const line = sessionCookieLine(res)!
      expect(line.startsWith(`${SESSION}=${token};`)).toBe(true)
      const extended = new Date((await state.adapter.getSessionAndUser!(token))!.session.expires).valueOf()
      expect(extended).toBeGreaterThan(due.valueOf() + DAY - 1_000)
      expect(Math.abs(Date.parse(/Expires=([^;]+)/i.exec(line)![1]!) - extended)).toBeLessThan(1_000)
    })

    it("ignores an expired session, deletes its row and clears the cookie", async () => {
      const { jar, token } = await signedIn(person("expired"))
      await state.adapter.updateSession!({ sessionToken: token, expires: new Date(Date.now() - 1_000) })
      const res = await jar.fetch(`${state.url}/profile`)
      expect(res.status).toBe(401)
      expect(sessionCookieLine(res)).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i)
      expect(await state.adapter.getSessionAndUser!(token)).toBeNull()
      expect(await (await fetch(`${state.url}/auth/session`, { headers: { cookie: `${SESSION}=${token}` } })).json()).toBeNull()
    })

    it("deletes the session row on sign-out, so the old cookie no longer works", async () => {
      const { jar, token } = await signedIn(person("leaver"))
      const res = await signOut(jar, state.url)
      expect(res.status).toBe(302)
      expect(jar.get(SESSION)).toBeUndefined()
      expect(await state.adapter.getSessionAndUser!(token)).toBeNull()
      const replay = await fetch(`${state.url}/profile`, { headers: { cookie: `${SESSION}=${token}` } })
      expect(replay.status).toBe(401)
    })

    it("treats unknown, malformed and oversized tokens as no session (401, never 5xx)", async () => {
      for (const value of [crypto.randomUUID(), "%00", "a%00b", "x".repeat(5_000), "' OR 1=1 --"]) {
        const res = await fetch(`${state.url}/profile`, { headers: { cookie: `${SESSION}=${value}` } })
        expect(res.status, value.slice(0, 20)).toBe(401)
        const session = await fetch(`${state.url}/auth/session`, { headers: { cookie: `${SESSION}=${value}` } })
        expect(session.status).toBe(200)
        expect(await session.json()).toBeNull()
      }
    })
  })
}

for (const backend of [memoryBackend, pgBackend]) {
  describeWithServers(`the jwt strategy with an adapter for users and accounts: ${backend.name}`, backend.servers, () => {
    const { state, person } = useApp(backend, { session: { strategy: "jwt" } })

    it("stores the user and account, puts the user's id in an encrypted JWT cookie, and stores no session", async () => {
      const sub = person("jwt-user")
      const jar = new CookieJar()
      const res = await oidcSignIn(jar, state.url, "corp", sub)
      expect(res.headers.get("location")).toBe(`${state.url}/profile`)
      const cookie = jar.get(SESSION)!
      expect(cookie).toMatch(/^eyJ/)
      const user = await state.adapter.getUserByAccount!({ provider: "corp", providerAccountId: sub })
      expect(user).toMatchObject({ email: `${sub}@example.com` })
      const claims = await decode({ token: cookie, secret: TEST_SECRET, salt: SESSION })
      expect(claims?.sub).toBe(String(user!.id))
      expect(await state.adapter.getSessionAndUser!(cookie)).toBeNull()
      expect((await jar.fetch(`${state.url}/profile`)).status).toBe(200)
    })

    it("links a second account to the user of the JWT", async () => {
      const sub = person("jwt-main")
      const jar = new CookieJar()
      await oidcSignIn(jar, state.url, "corp", sub)
      const second = person("jwt-second", "jwt.second@example.org")
      await oidcSignIn(jar, state.url, "partner", second)
      const [a, b] = await Promise.all([
        state.adapter.getUserByAccount!({ provider: "corp", providerAccountId: sub }),
        state.adapter.getUserByAccount!({ provider: "partner", providerAccountId: second }),
      ])
      expect(String(b!.id)).toBe(String(a!.id))
    })
  })
}
