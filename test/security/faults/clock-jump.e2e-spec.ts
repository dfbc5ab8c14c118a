// The server's clock jumps (an NTP step, a VM resumed from a snapshot). Forward past a session's
// expiry or a sign-in's 15-minute check cookies: refused cleanly, logged once, cookie cleared.
// Backward: sessions stay valid and nothing loops. When the clock is right again, a kept copy of
// the session works again. Only Date is faked; timers and the network run for real.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest"
import { CookieJar } from "../../utils/cookie-jar.js"
import { freePort } from "../../utils/free-port.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { recordingLogger } from "../../utils/test-config.js"
import { startHostileIdp, type HostileIdp } from "../adversarial-idp/hostile-idp.js"
import { securityAppModule } from "../security-app.module.js"

const SESSION = "authjs.session-token"
const PASSWORD = "correct horse battery staple"
const DAY = 24 * 60 * 60 * 1000
const log = recordingLogger()
let app: RunningApp
let idp: HostileIdp

beforeAll(async () => {
  const port = await freePort()
  idp = await startHostileIdp([{ id: "corp-app", secret: "corp-secret", redirectUri: `http://127.0.0.1:${port}/auth/callback/idp` }])
  app = await startApp(
    securityAppModule({ password: PASSWORD, oidc: [{ id: "idp", issuer: idp.issuer }], config: { logger: log.logger } }),
    undefined,
    port,
  )
})
afterAll(async () => {
  await app?.app.close()
  await idp?.stop()
})
afterEach(() => vi.useRealTimers())

const form = (fields: Record<string, string>): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
})

async function csrf(jar: CookieJar): Promise<string> {
  return ((await (await jar.fetch(`${app.url}/auth/csrf`)).json()) as { csrfToken: string }).csrfToken
}

async function signedIn(): Promise<CookieJar> {
  const jar = new CookieJar()
  await jar.fetch(`${app.url}/auth/callback/credentials`, form({ csrfToken: await csrf(jar), email: "sec@example.com", password: PASSWORD }))
  expect((await jar.fetch(`${app.url}/profile`)).status).toBe(200)
  return jar
}

/** Moves the (faked) clock by `ms` from where it is now. */
function jump(ms: number): void {
  vi.useFakeTimers({ toFake: ["Date"] })
  vi.setSystemTime(Date.now() + ms)
}

describe("the clock jumps", () => {
  it("forward past the session's 30 days: refused, logged once, cleared; back again, a kept copy works", async () => {
    const jar = await signedIn()
    const kept = jar.get(SESSION)!
    const before = log.lines.length
    const realNow = Date.now()
    jump(31 * DAY)
    expect((await jar.fetch(`${app.url}/profile`)).status).toBe(401)
    expect(jar.get(SESSION)).toBeUndefined()
    expect((await jar.fetch(`${app.url}/profile`)).status).toBe(401)
    expect(log.lines.length - before).toBe(1)
    expect((await jar.fetch(`${app.url}/health`)).status).toBe(200)

    vi.setSystemTime(realNow)
    const res = await fetch(`${app.url}/profile`, { headers: { cookie: `${SESSION}=${kept}` } })
    expect(res.status).toBe(200)
  })

  it("backward by two days: the session stays valid, re-issued at most once, nothing logged", async () => {
    const jar = await signedIn()
    const before = log.lines.length
    jump(-2 * DAY)
    for (let i = 0; i < 3; i++) {
      const res = await jar.fetch(`${app.url}/profile`)
      expect(res.status).toBe(200)
      // issued "in the future" is not a reason to re-issue the cookie on every request
      expect(res.headers.getSetCookie()).toEqual([])
    }
    expect(await (await jar.fetch(`${app.url}/auth/session`)).json()).toMatchObject({ user: { email: "sec@example.com" } })
    vi.useRealTimers()
    expect((await jar.fetch(`${app.url}/profile`)).status).toBe(200)
    expect(log.lines.length - before).toBe(0)
  })

  it("forward 20 minutes in the middle of a sign-in: its check cookies have expired, Configuration, logged once; the next one works", async () => {
    const jar = new CookieJar()
    const start = await jar.fetch(`${app.url}/auth/signin/idp`, form({ csrfToken: await csrf(jar) }))
    const callback = (await fetch(start.headers.get("location")!, { redirect: "manual" })).headers.get("location")!
    const before = log.lines.length
    jump(20 * 60 * 1000)
    const res = await jar.fetch(callback)
    expect(res.headers.get("location")).toBe(`${app.url}/auth/error?error=Configuration`)
    expect(jar.get(SESSION)).toBeUndefined()
    expect(log.lines.length - before).toBe(1)

    const again = new CookieJar()
    const restart = await again.fetch(`${app.url}/auth/signin/idp`, form({ csrfToken: await csrf(again), callbackUrl: `${app.url}/profile` }))
    const back = (await fetch(restart.headers.get("location")!, { redirect: "manual" })).headers.get("location")!
    expect((await again.fetch(back)).headers.get("location")).toBe(`${app.url}/profile`)
    expect((await again.fetch(`${app.url}/profile`)).status).toBe(200)
  })
})
