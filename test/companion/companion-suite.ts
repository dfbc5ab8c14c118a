import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { AuthConfig } from "../../lib/core/config/types.js"
import { createTestSession } from "../../lib/testing.js"
import { companionModule } from "../e2e/companion/app.module.js"
import { CookieJar } from "../utils/cookie-jar.js"
import { freePort } from "../utils/free-port.js"
import { startApp, type RunningApp } from "../utils/nest-app.js"
import { appDir, prepareNextApp, startNextApp, type RunningNextApp } from "./next-app.js"

/** Shared by the Next.js apps, their environment and the Nest API. */
export const SECRET = "companion-secret-Qm9uam91ciBsZSBtb25kZQ-0123456789"

export interface CompanionCase {
  app: "next-v4" | "next-v5"
  /** The Next.js app's session cookie, without the `__Secure-` prefix. */
  cookie: string
  /** The Next.js app's environment for `SECRET` and its public URL. */
  env: (url: string) => Record<string, string>
  /** How the Nest API is told whose sessions it reads. */
  session: AuthConfig["session"]
}

export interface Servers {
  api: RunningApp
  /** Served over plain http. */
  next: RunningNextApp
  /** Believes it is served over https (its URL env says so): `__Secure-` cookies. */
  nextHttps: RunningNextApp
}

const json = { accept: "application/json" }

/** The browser's side of a credentials sign-in through the Next.js app's own endpoints. */
export async function signIn(jar: CookieJar, appUrl: string, email: string, password: string): Promise<Response> {
  const csrf = await jar.fetch(`${appUrl}/api/auth/csrf`, { headers: json })
  expect(csrf.status).toBe(200)
  const { csrfToken } = (await csrf.json()) as { csrfToken: string }
  return jar.fetch(`${appUrl}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${appUrl}/` }),
  })
}

async function signOut(jar: CookieJar, appUrl: string): Promise<void> {
  const { csrfToken } = (await (await jar.fetch(`${appUrl}/api/auth/csrf`, { headers: json })).json()) as { csrfToken: string }
  const response = await jar.fetch(`${appUrl}/api/auth/signout`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, callbackUrl: `${appUrl}/` }),
  })
  expect(response.status).toBe(302)
}

/** Replaces the last characters of a token, which always changes its tag. */
function tamper(value: string): string {
  return `${value.slice(0, -4)}${value.endsWith("AAAA") ? "BBBB" : "AAAA"}`
}

/**
 * The proof with a real Next.js app: it is installed and built, started on 127.0.0.1, signed into
 * through its own endpoints, and the cookie it sets is sent to a guarded route of the Nest API.
 */
export function describeCompanion(c: CompanionCase): void {
  describe(`a Nest API beside a real Next.js app (${c.app})`, () => {
    let servers: Servers | undefined
    const started: Array<{ stop: () => Promise<unknown> }> = []
    const timings: string[] = []
    const get = () => servers!

    beforeAll(async () => {
      const dir = appDir(c.app)
      const prepared = await prepareNextApp(dir)
      timings.push(`npm ci ${seconds(prepared.installMs)}`, `next build ${seconds(prepared.buildMs)}`)
      const [port, httpsPort] = [await freePort(), await freePort()]
      const nextUrl = `http://127.0.0.1:${port}`
      const api = await startApp(companionModule({ secret: SECRET, session: c.session, logger: { warn: () => {}, error: () => {} } }), (app) =>
        app.enableCors({ origin: nextUrl, credentials: true }),
      )
      started.push({ stop: () => api.app.close() })
      const startedAt = performance.now()
      const next = await startNextApp(dir, port, { ...c.env(nextUrl), API_URL: api.url })
      started.push(next)
      const nextHttps = await startNextApp(dir, httpsPort, { ...c.env(`https://127.0.0.1:${httpsPort}`), API_URL: api.url })
      started.push(nextHttps)
      timings.push(`two next start ${seconds(performance.now() - startedAt)}`)
      servers = { api, next, nextHttps }
    })

    afterAll(async () => {
      await Promise.all(started.reverse().map((s) => s.stop()))
      console.log(`[companion] ${c.app}: ${timings.join(", ")}`)
    })

    it("signs in through the Next.js app's csrf and credentials callback endpoints", async () => {
      const jar = new CookieJar()
      const response = await signIn(jar, get().next.url, "ada@example.com", "lovelace")
      expect(response.status, get().next.output()).toBe(302)
      expect(jar.names()).toContain(c.cookie)
      const session = await (await jar.fetch(`${get().next.url}/api/auth/session`, { headers: json })).json()
      expect(session).toMatchObject({ user: { id: "user-ada", email: "ada@example.com", role: "admin" } })
    })

    it("answers 200 with that user when the browser sends the cookie to the API", async () => {
      const jar = new CookieJar()
      await signIn(jar, get().next.url, "ada@example.com", "lovelace")
      const response = await jar.fetch(`${get().api.url}/me`, { headers: json })
      expect(response.status).toBe(200)
      const body = (await response.json()) as { user: Record<string, unknown> }
      expect(body.user).toEqual({ id: "user-ada", name: "Ada Lovelace", email: "ada@example.com", role: "admin" })
      // The same user as the Next.js app's own session endpoint reports.
      const nextSession = (await (await jar.fetch(`${get().next.url}/api/auth/session`, { headers: json })).json()) as { user: unknown }
      expect(body.user).toEqual(nextSession.user)
    })

    it("reads a session cookie the Next.js app had to split into chunks", async () => {
      const jar = new CookieJar()
      await signIn(jar, get().next.url, "babbage@example.com", "engine")
      expect(jar.names()).toEqual(expect.arrayContaining([`${c.cookie}.0`, `${c.cookie}.1`]))
      const response = await jar.fetch(`${get().api.url}/me`, { headers: json })
      expect(response.status).toBe(200)
      expect(await response.json()).toMatchObject({ user: { id: "user-babbage" }, notesLength: 7200 })
    })

    it("answers 401 without a cookie, with a tampered one, and after a failed sign-in", async () => {
      const jar = new CookieJar()
      await signIn(jar, get().next.url, "ada@example.com", "lovelace")
      const value = jar.get(c.cookie)!
      expect((await fetch(`${get().api.url}/me`, { headers: json })).status).toBe(401)
      const tampered = await fetch(`${get().api.url}/me`, { headers: { ...json, cookie: `${c.cookie}=${tamper(value)}` } })
      expect(tampered.status).toBe(401)
      const refused = new CookieJar()
      await signIn(refused, get().next.url, "ada@example.com", "wrong")
      expect(refused.names()).not.toContain(c.cookie)
      expect((await refused.fetch(`${get().api.url}/me`, { headers: json })).status).toBe(401)
    })

    it("answers 401 once the user signed out in the Next.js app", async () => {
      const jar = new CookieJar()
      await signIn(jar, get().next.url, "ada@example.com", "lovelace")
      expect((await jar.fetch(`${get().api.url}/me`, { headers: json })).status).toBe(200)
      await signOut(jar, get().next.url)
      expect(jar.names()).not.toContain(c.cookie)
      expect((await jar.fetch(`${get().api.url}/me`, { headers: json })).status).toBe(401)
    })

    it("allows the Next.js origin with credentials (CORS), so the browser may call the API directly", async () => {
      const jar = new CookieJar()
      await signIn(jar, get().next.url, "ada@example.com", "lovelace")
      const preflight = await fetch(`${get().api.url}/me`, {
        method: "OPTIONS",
        headers: { origin: get().next.url, "access-control-request-method": "GET" },
        signal: AbortSignal.timeout(10_000),
      })
      expect(preflight.headers.get("access-control-allow-origin")).toBe(get().next.url)
      expect(preflight.headers.get("access-control-allow-credentials")).toBe("true")
      const response = await jar.fetch(`${get().api.url}/me`, { headers: { ...json, origin: get().next.url } })
      expect(response.status).toBe(200)
      expect(response.headers.get("access-control-allow-origin")).toBe(get().next.url)
    })

    it.each(["cookie", "bearer"])("lets the Next.js server call the API, forwarding the session as a %s", async (forward) => {
      const jar = new CookieJar()
      await signIn(jar, get().next.url, "ada@example.com", "lovelace")
      const signedIn = await jar.fetch(`${get().next.url}/api/via-api?forward=${forward}`, { headers: json })
      expect(signedIn.status, get().next.output()).toBe(200)
      expect(await signedIn.json()).toMatchObject({ status: 200, body: { user: { id: "user-ada", role: "admin" } } })
      const anonymous = await fetch(`${get().next.url}/api/via-api?forward=${forward}`, { headers: json, signal: AbortSignal.timeout(10_000) })
      expect(await anonymous.json()).toMatchObject({ status: 401 })
    })

    it("reads the __Secure- cookie of an https deployment (behind a TLS-terminating proxy)", async () => {
      const jar = new CookieJar()
      const response = await signIn(jar, get().nextHttps.url, "ada@example.com", "lovelace")
      expect(response.status, get().nextHttps.output()).toBe(302)
      expect(jar.names()).toContain(`__Secure-${c.cookie}`)
      const viaProxy = await jar.fetch(`${get().api.url}/me`, { headers: { ...json, "x-forwarded-proto": "https" } })
      expect(viaProxy.status).toBe(200)
      expect(await viaProxy.json()).toMatchObject({ user: { id: "user-ada" } })
      // Over plain http the API looks for the unprefixed cookie, as the Next.js app would.
      expect((await jar.fetch(`${get().api.url}/me`, { headers: json })).status).toBe(401)
    })

    it("mints test sessions the real Next.js app accepts (createTestSession)", async () => {
      const { cookie } = await createTestSession(get().api.app, { id: "user-ada", name: "Ada Lovelace", email: "ada@example.com" })
      const response = await fetch(`${get().next.url}/api/auth/session`, { headers: { ...json, cookie }, signal: AbortSignal.timeout(10_000) })
      expect(await response.json()).toMatchObject({ user: { id: "user-ada", email: "ada@example.com" } })
    })
  })
}

function seconds(ms: number): string {
  return ms === 0 ? "up to date" : `${(ms / 1000).toFixed(1)} s`
}
