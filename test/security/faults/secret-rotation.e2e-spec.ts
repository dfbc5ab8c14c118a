// A bad secret rotated in. Dropping the old secret (a botched rotation, or a compromised one
// revoked on purpose) signs everybody out cleanly: sessions, sign-ins in flight and CSRF pairs made
// under it are refused without a 5xx, each refusal logged once and its cookie cleared so it is not
// logged again. Putting the old secret back behind the new one ends the fault. A secret that is no
// secret at all never boots.
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { decode } from "../../../lib/jwt.js"
import { CookieJar } from "../../utils/cookie-jar.js"
import { freePort } from "../../utils/free-port.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { recordingLogger } from "../../utils/test-config.js"
import { startHostileIdp, type HostileIdp } from "../adversarial-idp/hostile-idp.js"
import { securityAppModule } from "../security-app.module.js"

const SESSION = "authjs.session-token"
const OLD = "old-secret-0123456789abcdefghijklmnopqrstuvwxyz"
const NEW = "new-secret-ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210"
const PASSWORD = "correct horse battery staple"
const log = recordingLogger()
let port: number
let idp: HostileIdp
let running: RunningApp | undefined

beforeAll(async () => {
  port = await freePort()
  idp = await startHostileIdp([{ id: "corp-app", secret: "corp-secret", redirectUri: `http://127.0.0.1:${port}/auth/callback/idp` }])
})
afterAll(async () => {
  await running?.app.close()
  await idp?.stop()
})

/** (Re)starts the app on the same address with `secret`, as a deployment would. */
async function deploy(secret: string | string[]): Promise<string> {
  await running?.app.close()
  running = await startApp(
    securityAppModule({ password: PASSWORD, oidc: [{ id: "idp", issuer: idp.issuer }], config: { secret, logger: log.logger } }),
    undefined,
    port,
  )
  await settle(running.url)
  return running.url
}

/**
 * fetch keeps idle connections to an address; after a restart the first request may go out on one
 * the old app has just closed ("other side closed"). Retrying the health check flushes them.
 */
async function settle(url: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      expect((await fetch(`${url}/health`)).status).toBe(200)
      return
    } catch (error) {
      if (attempt >= 3) throw error
    }
  }
}

const form = (fields: Record<string, string>): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
})

async function csrf(jar: CookieJar, url: string): Promise<string> {
  return ((await (await jar.fetch(`${url}/auth/csrf`)).json()) as { csrfToken: string }).csrfToken
}

/** Counts the log lines `step` adds. */
async function logged(step: () => Promise<void>): Promise<number> {
  const before = log.lines.length
  await step()
  return log.lines.length - before
}

describe("rotating in a secret without the old one", () => {
  it("signs everybody out cleanly, logging each refusal once; the old secret put back behind it ends the fault", async () => {
    let url = await deploy(OLD)
    // Under the old secret: a session, a sign-in waiting at the IdP, a CSRF pair.
    const signedIn = new CookieJar()
    const token = await csrf(signedIn, url)
    await signedIn.fetch(`${url}/auth/callback/credentials`, form({ csrfToken: token, email: "sec@example.com", password: PASSWORD }))
    const oldSession = signedIn.get(SESSION)!
    expect((await signedIn.fetch(`${url}/profile`)).status).toBe(200)
    const midFlight = new CookieJar()
    const start = await midFlight.fetch(`${url}/auth/signin/idp`, form({ csrfToken: await csrf(midFlight, url) }))
    const callback = (await fetch(start.headers.get("location")!, { redirect: "manual" })).headers.get("location")!
    const formFiller = new CookieJar()
    const oldCsrf = await csrf(formFiller, url)

    url = await deploy([NEW])
    // The session: refused (401, never 5xx), its cookie cleared, one log line; then nothing more to log.
    expect(await logged(async () => expect((await signedIn.fetch(`${url}/profile`)).status).toBe(401))).toBe(1)
    expect(signedIn.get(SESSION)).toBeUndefined()
    expect(await logged(async () => expect((await signedIn.fetch(`${url}/profile`)).status).toBe(401))).toBe(0)
    // The sign-in in flight: its check cookies cannot be read; Configuration, no session, one line.
    expect(
      await logged(async () => {
        const res = await midFlight.fetch(callback)
        expect(res.headers.get("location")).toBe(`${url}/auth/error?error=Configuration`)
      }),
    ).toBe(1)
    expect(midFlight.get(SESSION)).toBeUndefined()
    // The CSRF pair: not trusted any more (MissingCSRF), and replaced by one the new secret vouches for.
    const refused = await formFiller.fetch(`${url}/auth/signout`, form({ csrfToken: oldCsrf }))
    expect(refused.headers.get("location")).toBe(`${url}/auth/signin?error=MissingCSRF`)
    expect(await csrf(formFiller, url)).not.toBe(oldCsrf)
    // Everyone can sign in again, under the new secret.
    const fresh = new CookieJar()
    await fresh.fetch(`${url}/auth/callback/credentials`, form({ csrfToken: await csrf(fresh, url), email: "sec@example.com", password: PASSWORD }))
    expect((await fresh.fetch(`${url}/profile`)).status).toBe(200)

    // The fault ends: the old secret goes back, behind the new one. A copy of the old cookie works
    // again, and what is re-issued is sealed with the new secret.
    url = await deploy([NEW, OLD])
    const restored = new CookieJar()
    const session = await restored.fetch(`${url}/auth/session`, { headers: { cookie: `${SESSION}=${oldSession}` } })
    expect(await session.json()).toMatchObject({ user: { email: "sec@example.com" } })
    const reissued = restored.get(SESSION)!
    expect(await decode({ token: reissued, secret: NEW, salt: SESSION })).toMatchObject({ email: "sec@example.com" })
    await expect(decode({ token: reissued, secret: OLD, salt: SESSION })).rejects.toThrow()
    expect((await fresh.fetch(`${url}/profile`)).status).toBe(200)
  })
})

describe("a secret that is no secret", () => {
  it.each([
    ["an empty entry in the list", [NEW, ""], /No secret configured/],
    ["an empty string", "", /No secret configured/],
    ["a number in the list", [NEW, 42], /secret\[1\] must be a string/],
  ])("fails boot for %s, saying what to fix", async (_, secret, message) => {
    await expect(
      startApp(securityAppModule({ password: PASSWORD, config: { secret: secret as string[] } })).then(async (app) => {
        await app.app.close()
        return app
      }),
    ).rejects.toThrow(message)
  })
})
