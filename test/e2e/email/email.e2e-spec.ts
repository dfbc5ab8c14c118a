import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { MemoryAdapter } from "../../../lib/adapters/memory-adapter.js"
import { hashVerificationToken } from "../../../lib/core/email/verification-token.js"
import { MailSink, signInLink, type ReceivedMail } from "../../../sample/mail-sink.js"
import { CookieJar } from "../../utils/cookie-jar.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { TEST_SECRET } from "../../utils/nest-auth-config.js"
import { EmailAppModule } from "./app.module.js"

const SESSION = "authjs.session-token"

const form = (fields: Record<string, string | string[]>): RequestInit => {
  const body = new URLSearchParams()
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v)
  return { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: body.toString() }
}

describe("email sign-in through a real SMTP server", () => {
  const sink = new MailSink()
  const adapter = MemoryAdapter()
  let running: RunningApp
  let base: string

  beforeAll(async () => {
    running = await startApp(EmailAppModule.withMailServer(await sink.start(), adapter))
    base = `${running.url}/auth`
  })
  afterAll(async () => {
    await running?.app.close()
    await sink.close()
  })
  beforeEach(() => {
    sink.mails.length = 0
  })

  async function browser() {
    const jar = new CookieJar()
    const { csrfToken } = await (await jar.fetch(`${base}/csrf`)).json()
    return { jar, csrfToken: csrfToken as string }
  }

  /** Asks for a link for `email` and returns the mail that carried it. */
  async function requestLink(jar: CookieJar, csrfToken: string, email: string): Promise<ReceivedMail> {
    const response = await jar.fetch(`${base}/signin/nodemailer`, form({ csrfToken, email, callbackUrl: "/profile" }))
    expect(response.status).toBe(302)
    expect(response.headers.get("location")).toBe(`${base}/verify-request?provider=nodemailer&type=email`)
    return sink.waitForMail((mail) => mail.to.includes(email.trim().toLowerCase()))
  }

  it("mails a link that signs the user in once, and only once", async () => {
    const { jar, csrfToken } = await browser()
    expect((await jar.fetch(`${running.url}/profile`)).status).toBe(401)

    const mail = await requestLink(jar, csrfToken, "Reader@Example.com")
    expect(mail.to).toEqual(["reader@example.com"])
    expect(mail.headers.from).toBe("Test App <auth@app.test>")
    expect(mail.subject).toBe(`Sign in to ${new URL(running.url).host}`)
    expect(mail.html).toContain("#0a7d3c")

    const page = await jar.fetch(`${base}/verify-request?provider=nodemailer&type=email`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain("Check your email")

    const link = signInLink(mail)!
    expect(new URL(link).pathname).toBe("/auth/callback/nodemailer")
    const callback = await jar.fetch(link)
    expect(callback.status).toBe(302)
    expect(callback.headers.get("location")).toBe(`${running.url}/profile`)
    expect(jar.get(SESSION)).toBeDefined()

    const profile = await jar.fetch(`${running.url}/profile`)
    expect(profile.status).toBe(200)
    expect((await profile.json()).user).toMatchObject({ email: "reader@example.com" })
    expect((await adapter.getUserByEmail("reader@example.com"))?.emailVerified).toBeInstanceOf(Date)

    // The same link again, even from a fresh browser: Verification, 403 page, no session.
    const stranger = new CookieJar()
    const reuse = await stranger.fetch(link)
    expect(reuse.status).toBe(302)
    expect(reuse.headers.get("location")).toBe(`${base}/error?error=Verification`)
    expect(stranger.get(SESSION)).toBeUndefined()
    const error = await stranger.fetch(reuse.headers.get("location")!)
    expect(error.status).toBe(403)
    expect(await error.text()).toContain("The sign-in link is no longer valid")
  })

  it("refuses an expired link", async () => {
    const { jar, csrfToken } = await browser()
    const link = new URL(signInLink(await requestLink(jar, csrfToken, "late@example.com"))!)
    const key = { identifier: "late@example.com", token: hashVerificationToken(link.searchParams.get("token")!, TEST_SECRET) }
    const stored = (await adapter.useVerificationToken(key))!
    await adapter.createVerificationToken({ ...stored, expires: new Date(Date.now() - 1000) })

    const response = await jar.fetch(link)
    expect(response.headers.get("location")).toBe(`${base}/error?error=Verification`)
    expect(jar.get(SESSION)).toBeUndefined()
  })

  it.each([
    ["a changed token", (url: URL) => url.searchParams.set("token", "0".repeat(64))],
    ["another address", (url: URL) => url.searchParams.set("email", "eve@evil.test")],
    ["no token", (url: URL) => url.searchParams.delete("token")],
    ["a repeated token", (url: URL) => url.searchParams.append("token", "0".repeat(64))],
    ["an 8 KB token", (url: URL) => url.searchParams.set("token", "a".repeat(8_192))],
  ])("answers a link with %s with the Verification page, never a session or a 5xx", async (_, alter) => {
    const { jar, csrfToken } = await browser()
    const link = new URL(signInLink(await requestLink(jar, csrfToken, "forged@example.com"))!)
    alter(link)
    const response = await jar.fetch(link)
    expect(response.status).toBe(302)
    expect(response.headers.get("location")).toBe(`${base}/error?error=Verification`)
    expect((await jar.fetch(response.headers.get("location")!)).status).toBe(403)
    expect(jar.get(SESSION)).toBeUndefined()
  })

  it.each([
    ["a malformed address", { email: "not an address" }],
    ["no address", {}],
    ["CR LF header injection", { email: "victim@example.com\r\nBcc: eve@evil.test" }],
    ["an encoded LF header injection", { email: "victim@example.com\nCc: eve@evil.test" }],
    ["a second recipient after a comma", { email: "victim@example.com, eve@evil.test" }],
    ["a quoted address", { email: '"eve@evil.test" <victim@example.com>' }],
    ["a repeated field", { email: ["victim@example.com", "eve@evil.test"] }],
    ["a 60 KB address", { email: `${"v".repeat(60_000)}@example.com` }],
  ])("sends no mail for %s and shows the sign-in page with a message", async (_, fields) => {
    const { jar, csrfToken } = await browser()
    const response = await jar.fetch(`${base}/signin/nodemailer`, form({ csrfToken, ...fields }))
    expect(response.status).toBe(302)
    expect(response.headers.get("location")).toBe(`${base}/signin?error=EmailSignin`)
    const page = await jar.fetch(response.headers.get("location")!)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain("The sign-in email could not be sent")
    expect(sink.mails).toEqual([])
  })

  it("sends no mail without the CSRF token", async () => {
    const { jar } = await browser()
    const response = await jar.fetch(`${base}/signin/nodemailer`, form({ email: "victim@example.com" }))
    expect(response.headers.get("location")).toBe(`${base}/signin?error=MissingCSRF`)
    expect(sink.mails).toEqual([])
  })

  it("refuses a body too large to parse without a 5xx", async () => {
    const { jar, csrfToken } = await browser()
    const response = await jar.fetch(
      `${base}/signin/nodemailer`,
      form({ csrfToken, email: "victim@example.com", padding: "x".repeat(2 * 1024 * 1024) }),
    )
    expect(response.status).toBeGreaterThanOrEqual(400)
    expect(response.status).toBeLessThan(500)
    expect(sink.mails).toEqual([])
  })

  it("accepts the JSON body the Auth.js browser client can send", async () => {
    const { jar, csrfToken } = await browser()
    const response = await jar.fetch(`${base}/signin/nodemailer`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-auth-return-redirect": "1" },
      body: JSON.stringify({ csrfToken, email: "json@example.com" }),
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ url: `${base}/verify-request?provider=nodemailer&type=email` })
    expect((await sink.waitForMail()).to).toEqual(["json@example.com"])
  })
})
