// The IdP down, going down mid-sign-in, or slow: each sign-in ends cleanly on the Configuration
// page, is logged once, grants nothing, and the app keeps serving; when the IdP is back (same
// address) the next sign-in works, as nothing about the failure was remembered.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { clearDiscoveryCache } from "../../../lib/core/oauth/client.js"
import { CookieJar } from "../../utils/cookie-jar.js"
import { freePort } from "../../utils/free-port.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { recordingLogger } from "../../utils/test-config.js"
import { startHostileIdp, type HostileClient, type HostileIdp } from "../adversarial-idp/hostile-idp.js"
import { securityAppModule } from "../security-app.module.js"

const SESSION = "authjs.session-token"
/**
 * httpOptions.timeout, in ms. Wide enough that an IdP slow within it (TIMEOUT / 6 a request) keeps
 * a margin of seconds per request against event-loop stalls on a shared machine; the IdP and the
 * app share this process, so a stall counts against the client's timer.
 */
const TIMEOUT = 3_000
const log = recordingLogger()
let app: RunningApp
let idp: HostileIdp
let idpPort: number
let clients: HostileClient[]

beforeAll(async () => {
  const appPort = await freePort()
  idpPort = await freePort()
  clients = [{ id: "corp-app", secret: "corp-secret", redirectUri: `http://127.0.0.1:${appPort}/auth/callback/idp` }]
  idp = await startHostileIdp(clients, idpPort)
  app = await startApp(
    securityAppModule({
      password: "unused",
      oidc: [{ id: "idp", issuer: `http://127.0.0.1:${idpPort}`, timeout: TIMEOUT }],
      config: { logger: log.logger },
    }),
    undefined,
    appPort,
  )
})
afterAll(async () => {
  await app?.app.close()
  await idp?.stop()
})
beforeEach(() => {
  clearDiscoveryCache()
  idp.behave({})
})

const form = (fields: Record<string, string>): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
})

async function startSignIn(jar: CookieJar): Promise<Response> {
  const { csrfToken } = (await (await jar.fetch(`${app.url}/auth/csrf`)).json()) as { csrfToken: string }
  return jar.fetch(`${app.url}/auth/signin/idp`, form({ csrfToken, callbackUrl: `${app.url}/profile` }))
}

/** A sign-in up to the IdP's redirect back, or the error redirect if it ended before. */
async function pendingSignIn(jar: CookieJar): Promise<{ ended?: Response; callback?: URL }> {
  const start = await startSignIn(jar)
  const location = start.headers.get("location")!
  if (!location.startsWith(idp.issuer)) return { ended: start }
  const atIdp = await fetch(location, { redirect: "manual", signal: AbortSignal.timeout(5_000) })
  return { callback: new URL(atIdp.headers.get("location")!) }
}

async function signIn(jar: CookieJar): Promise<Response> {
  const { ended, callback } = await pendingSignIn(jar)
  return ended ?? jar.fetch(callback!, { signal: AbortSignal.timeout(TIMEOUT + 9_000) })
}

/** A clean failure: the Configuration page, no session, one log line, and the app still serving. */
async function expectCleanFailure(jar: CookieJar, res: Response, errorsBefore: number): Promise<void> {
  expect(res.status).toBe(302)
  expect(res.headers.get("location")).toBe(`${app.url}/auth/error?error=Configuration`)
  expect(jar.get(SESSION)).toBeUndefined()
  expect((await jar.fetch(`${app.url}/profile`)).status).toBe(401)
  expect(log.errors.length - errorsBefore).toBe(1)
  expect((await fetch(`${app.url}/health`)).status).toBe(200)
}

async function expectSignedIn(jar: CookieJar, res: Response): Promise<void> {
  expect(res.headers.get("location")).toBe(`${app.url}/profile`)
  expect((await jar.fetch(`${app.url}/profile`)).status).toBe(200)
}

describe("the IdP fails", () => {
  it("is down: every sign-in ends on the Configuration page, logged once; once it is back, sign-in works", async () => {
    await idp.stop()
    for (let attempt = 0; attempt < 3; attempt++) {
      const jar = new CookieJar()
      const errorsBefore = log.errors.length
      await expectCleanFailure(jar, await startSignIn(jar), errorsBefore)
    }
    idp = await startHostileIdp(clients, idpPort)
    const jar = new CookieJar()
    await expectSignedIn(jar, await signIn(jar))
  })

  it("goes down between the authorization and the token request: that sign-in fails, the next works", async () => {
    const jar = new CookieJar()
    const { callback } = await pendingSignIn(jar)
    await idp.stop()
    const errorsBefore = log.errors.length
    await expectCleanFailure(jar, await jar.fetch(callback!), errorsBefore)
    idp = await startHostileIdp(clients, idpPort)
    const again = new CookieJar()
    await expectSignedIn(again, await signIn(again))
  })

  it("is slower than httpOptions.timeout: the client gives up and the sign-in fails; slow within it, or fast again, works", async () => {
    idp.behave({ delay: TIMEOUT * 3 })
    const abandoned = idp.abandoned
    const jar = new CookieJar()
    const errorsBefore = log.errors.length
    await expectCleanFailure(jar, await signIn(jar), errorsBefore)
    await expect.poll(() => idp.abandoned).toBeGreaterThan(abandoned)

    // Slow within the timeout: every IdP request held TIMEOUT / 6, each well inside its own timeout.
    idp.behave({ delay: TIMEOUT / 6 })
    const slow = new CookieJar()
    await expectSignedIn(slow, await signIn(slow))

    idp.behave({})
    clearDiscoveryCache()
    const fast = new CookieJar()
    await expectSignedIn(fast, await signIn(fast))
  })

  it("hangs on the token request only: that sign-in ends after the timeout; the next, answered, works", async () => {
    const jar = new CookieJar()
    const { callback } = await pendingSignIn(jar)
    idp.behave({ token: { hang: true } })
    const errorsBefore = log.errors.length
    await expectCleanFailure(jar, await jar.fetch(callback!, { signal: AbortSignal.timeout(TIMEOUT + 9_000) }), errorsBefore)
    idp.behave({})
    const again = new CookieJar()
    await expectSignedIn(again, await signIn(again))
  })
})
