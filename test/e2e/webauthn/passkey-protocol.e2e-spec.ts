import { Module } from "@nestjs/common"
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest"
import { AuthModule, MemoryAdapter, type Adapter } from "../../../lib/index.js"
import Passkey from "../../../lib/providers/passkey.js"
import { simpleWebAuthnFrom } from "../../../lib/providers/webauthn/simplewebauthn.js"
import * as simpleWebAuthn13 from "simplewebauthn-server-13"
import { CookieJar } from "../../utils/cookie-jar.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { SoftAuthenticator } from "../../utils/soft-authenticator.js"
import { authenticatePasskey, fetchOptions, postCallback, registerPasskey } from "./passkey-client.js"

const SECRET = "passkey-protocol-secret-0123456789abcdef"
const SESSION = "authjs.session-token"
const CHALLENGE = "authjs.challenge"

/** The peer as users install it: v9 (Auth.js's) through the provider's own loader, and v13 through the same translation. */
const peers = [
  { version: 9, passkey: Passkey() },
  { version: 13, passkey: Passkey({ simpleWebAuthn: simpleWebAuthnFrom(simpleWebAuthn13) }) },
]

for (const { version, passkey } of peers)
for (const strategy of ["jwt", "database"] as const) {
  describe(`passkeys over HTTP with a software authenticator (@simplewebauthn/server ${version}, ${strategy} sessions)`, () => {
    let app: RunningApp
    let adapter: Adapter
    let seq = 0
    const email = () => `user${++seq}-${strategy}-v${version}@example.com`

    beforeAll(async () => {
      adapter = MemoryAdapter()
      @Module({
        imports: [
          AuthModule.forRoot({
            secret: SECRET,
            trustHost: true,
            adapter,
            session: { strategy },
            providers: [passkey],
            experimental: { enableWebAuthn: true },
            logger: { error: () => {}, warn: () => {} },
          }),
        ],
      })
      class PasskeyApp {}
      app = await startApp(PasskeyApp)
    })
    afterAll(async () => {
      await app?.app.close()
    })
    afterEach(() => {
      vi.useRealTimers()
    })

    async function sessionOf(jar: CookieJar) {
      return (await jar.fetch(`${app.url}/auth/session`)).json()
    }

    /** The refusal every bad passkey answer ends on: Auth.js's error page, 200, and no session. */
    async function expectRefused(jar: CookieJar, res: Response, error = "WebAuthnVerificationError") {
      expect(res.status).toBe(302)
      expect(res.headers.get("location")).toBe(`${app.url}/auth/error?error=${error}`)
      expect(res.headers.getSetCookie().some((c) => c.startsWith(`${SESSION}=`) && !c.startsWith(`${SESSION}=;`))).toBe(false)
      const page = await jar.fetch(res.headers.get("location")!)
      expect(page.status).toBe(200)
      expect(await sessionOf(jar)).toBeNull()
    }

    /** A registered passkey, with the browser signed out again. */
    async function registered() {
      const device = new SoftAuthenticator(app.url)
      const address = email()
      const { res } = await registerPasskey(new CookieJar(), app.url, device, address)
      expect(res.status).toBe(302)
      return { device, address }
    }

    it("registers a new user, signs out, signs in with the passkey; the counter is stored", async () => {
      const device = new SoftAuthenticator(app.url)
      const jar = new CookieJar()
      const address = email()
      const { res, credential } = await registerPasskey(jar, app.url, device, address)
      expect(res.status).toBe(302)
      expect(res.headers.get("location")).toBe(app.url)
      // The challenge is single-use: the callback deletes its cookie.
      expect(res.headers.getSetCookie().some((c) => c.startsWith(`${CHALLENGE}=;`) && /Max-Age=0/.test(c))).toBe(true)
      expect(await sessionOf(jar)).toMatchObject({ user: { email: address } })

      const user = await adapter.getUserByEmail!(address)
      const credentialID = credential.id.toString("base64")
      expect(await adapter.getAuthenticator!(credentialID)).toMatchObject({ userId: user!.id, counter: 0, providerAccountId: credentialID })
      expect(await adapter.getAccount!(credentialID, "passkey")).toMatchObject({ userId: user!.id, type: "webauthn" })

      const fresh = new CookieJar()
      const signedIn = await authenticatePasskey(fresh, app.url, device)
      expect(signedIn.res.status).toBe(302)
      expect(await sessionOf(fresh)).toMatchObject({ user: { email: address } })
      expect((await adapter.getAuthenticator!(credentialID))!.counter).toBe(1)
    })

    it("answers options requests as Auth.js: 400 for a bad action or an impossible request", async () => {
      const jar = new CookieJar()
      expect(await fetchOptions(jar, app.url, { action: "delete" })).toEqual({ status: 400, body: { error: "Invalid action" } })
      expect(await fetchOptions(jar, app.url, { action: "register" })).toEqual({ status: 400, body: { error: "Invalid request" } })
      const { address } = await registered()
      // An existing address cannot register again while signed out (that would take over the account).
      expect(await fetchOptions(jar, app.url, { action: "register", email: address })).toEqual({ status: 400, body: { error: "Invalid request" } })
      const inferred = await fetchOptions(jar, app.url, { email: address })
      expect(inferred.body.action).toBe("authenticate")
      expect(inferred.body.options.allowCredentials).toHaveLength(1)
      expect((await fetchOptions(jar, app.url, { email: email() })).body.action).toBe("register")
    })

    it("refuses a credential no authenticator row knows", async () => {
      await registered()
      const stranger = new SoftAuthenticator(app.url)
      stranger.register({ challenge: "unused", rp: { id: "127.0.0.1" } })
      const jar = new CookieJar()
      await expectRefused(jar, (await authenticatePasskey(jar, app.url, stranger)).res)
    })

    it("refuses a response made for another origin or another RP id", async () => {
      const { device } = await registered()
      let jar = new CookieJar()
      await expectRefused(jar, (await authenticatePasskey(jar, app.url, device, { origin: "http://evil.example" })).res)
      jar = new CookieJar()
      await expectRefused(jar, (await authenticatePasskey(jar, app.url, device, { rpId: "evil.example" })).res)
      // Registration checks them too.
      jar = new CookieJar()
      const { body } = await fetchOptions(jar, app.url, { action: "register", email: email() })
      await expectRefused(jar, await postCallback(jar, app.url, "register", new SoftAuthenticator("http://evil.example").register(body.options).response))
    })

    it("refuses a replayed response, even with the challenge cookie sent again", async () => {
      const { device } = await registered()
      const jar = new CookieJar()
      const { body } = await fetchOptions(jar, app.url, { action: "authenticate" })
      const cookie = jar.header(`${app.url}/auth/callback/passkey`)!
      const data = device.authenticate(body.options)
      const replay = () =>
        fetch(`${app.url}/auth/callback/passkey`, {
          method: "POST",
          redirect: "manual",
          headers: { "content-type": "application/x-www-form-urlencoded", cookie },
          body: new URLSearchParams({ action: "authenticate", data: JSON.stringify(data) }).toString(),
        })
      const first = await replay()
      expect(first.headers.get("location")).toBe(app.url)
      expect(first.headers.getSetCookie().some((c) => c.startsWith(`${SESSION}=`) && !c.startsWith(`${SESSION}=;`))).toBe(true)
      await expectRefused(new CookieJar(), await replay())
    })

    it("refuses an expired challenge (15 minutes) and a missing one", async () => {
      const { device } = await registered()
      const jar = new CookieJar()
      const { body } = await fetchOptions(jar, app.url, { action: "authenticate" })
      const data = device.authenticate(body.options)
      vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 16 * 60 * 1000 })
      const cookie = jar.header(`${app.url}/auth/callback/passkey`)!
      const late = await fetch(`${app.url}/auth/callback/passkey`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie },
        body: new URLSearchParams({ action: "authenticate", data: JSON.stringify(data) }).toString(),
      })
      vi.useRealTimers()
      await expectRefused(new CookieJar(), late)
      await expectRefused(new CookieJar(), await postCallback(new CookieJar(), app.url, "authenticate", device.authenticate(body.options)))
    })

    it("refuses a tampered signature", async () => {
      const { device } = await registered()
      const jar = new CookieJar()
      await expectRefused(jar, (await authenticatePasskey(jar, app.url, device, { tamper: true })).res)
    })

    it("refuses a counter that goes backwards (a cloned authenticator)", async () => {
      const { device } = await registered()
      expect((await authenticatePasskey(new CookieJar(), app.url, device, { counter: 5 })).res.headers.get("location")).toBe(app.url)
      const jar = new CookieJar()
      await expectRefused(jar, (await authenticatePasskey(jar, app.url, device, { counter: 3 })).res)
    })

    it("refuses malformed bodies, a registration on an authentication challenge, and GET callbacks", async () => {
      const jar = new CookieJar()
      await expectRefused(jar, await postCallback(jar, app.url, "authenticate", "{not json"))
      await expectRefused(jar, await postCallback(jar, app.url, "authenticate", { no: "id" }))
      await expectRefused(jar, await postCallback(jar, app.url, "enroll", { id: "abc" }))
      const { body } = await fetchOptions(jar, app.url, { action: "authenticate" })
      const device = new SoftAuthenticator(app.url)
      const wrong = device.register({ challenge: body.options.challenge, rp: { id: "127.0.0.1" } }).response
      await expectRefused(jar, await postCallback(jar, app.url, "register", wrong))
      const get = await jar.fetch(`${app.url}/auth/callback/passkey`)
      expect(get.status).toBe(302)
      expect(await sessionOf(jar)).toBeNull()
    })

    // About one real signature in 128 has an r or s shorter than 32 bytes. v9 cannot verify those
    // (fixed upstream in v10): the reason the docs recommend v13.
    it(`${version === 9 ? "refuses (an upstream bug of v9)" : "accepts"} a signature whose r or s is shorter than 32 bytes`, async () => {
      const { device } = await registered()
      const jar = new CookieJar()
      const { res } = await authenticatePasskey(jar, app.url, device, { shortSignature: true })
      if (version === 9) await expectRefused(jar, res)
      else {
        expect(res.headers.get("location")).toBe(app.url)
        expect(await sessionOf(jar)).toMatchObject({ user: {} })
      }
    })

    it("lets a signed-in user add a second passkey to the same account", async () => {
      const device = new SoftAuthenticator(app.url)
      const jar = new CookieJar()
      const address = email()
      expect((await registerPasskey(jar, app.url, device, address)).res.headers.get("location")).toBe(app.url)
      const { body } = await fetchOptions(jar, app.url, { action: "register" })
      expect(body.options.excludeCredentials).toHaveLength(1)
      const second = device.register(body.options)
      expect((await postCallback(jar, app.url, "register", second.response)).status).toBe(302)
      const user = await adapter.getUserByEmail!(address)
      expect(await adapter.listAuthenticatorsByUserId!(user!.id)).toHaveLength(2)
      const other = new CookieJar()
      const { body: auth } = await fetchOptions(other, app.url, { action: "authenticate" })
      const signedIn = await postCallback(other, app.url, "authenticate", device.authenticate(auth.options, second.credential))
      expect(signedIn.headers.get("location")).toBe(app.url)
      expect(await sessionOf(other)).toMatchObject({ user: { email: address } })
    })
  })
}
