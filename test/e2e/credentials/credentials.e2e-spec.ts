import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { CookieJar } from "../../utils/cookie-jar.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { demoUser } from "../../utils/nest-auth-config.js"
import { CredentialsAppModule } from "./app.module.js"

const SESSION = "authjs.session-token"

describe("credentials sign-in, end to end", () => {
  let running: RunningApp
  let base: string

  beforeAll(async () => {
    running = await startApp(CredentialsAppModule)
    base = `${running.url}/auth`
  })
  afterAll(async () => {
    await running?.app.close()
  })

  async function browser(): Promise<{ jar: CookieJar; csrfToken: string }> {
    const jar = new CookieJar()
    const response = await jar.fetch(`${base}/csrf`)
    expect(response.status).toBe(200)
    return { jar, csrfToken: (await response.json()).csrfToken }
  }

  const form = (fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit => ({
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  })

  const signIn = (jar: CookieJar, fields: Record<string, string>) =>
    jar.fetch(`${base}/callback/credentials`, form(fields))

  it("signs in, reaches a guarded route, signs out, and is locked out again", async () => {
    const { jar, csrfToken } = await browser()
    expect((await jar.fetch(`${running.url}/profile`)).status).toBe(401)

    const signedIn = await signIn(jar, {
      csrfToken,
      email: demoUser.email,
      password: "wonderland",
      callbackUrl: `${running.url}/profile`,
    })
    expect(signedIn.status).toBe(302)
    expect(signedIn.headers.get("location")).toBe(`${running.url}/profile`)
    expect(jar.get(SESSION)).toMatch(/^eyJ/)

    const profile = await jar.fetch(`${running.url}/profile`)
    expect(profile.status).toBe(200)
    expect(await profile.json()).toEqual({ name: demoUser.name, email: demoUser.email })
    expect(await (await jar.fetch(`${running.url}/`)).json()).toEqual({ signedIn: true })

    const signedOut = await jar.fetch(`${base}/signout`, form({ csrfToken }))
    expect(signedOut.status).toBe(302)
    expect(signedOut.headers.getSetCookie()).toContain(`${SESSION}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax`)
    expect(jar.get(SESSION)).toBeUndefined()

    expect((await jar.fetch(`${running.url}/profile`)).status).toBe(401)
    expect(await (await jar.fetch(`${running.url}/`)).json()).toEqual({ signedIn: false })
  })

  it("accepts the official client's call (X-Auth-Return-Redirect) and answers with JSON", async () => {
    const { jar, csrfToken } = await browser()
    const response = await jar.fetch(
      `${base}/callback/credentials`,
      form({ csrfToken, email: demoUser.email, password: "wonderland", callbackUrl: "/profile" }, { "x-auth-return-redirect": "1" }),
    )
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ url: `${running.url}/profile` })
    expect((await jar.fetch(`${running.url}/profile`)).status).toBe(200)
  })

  it("sends a wrong password back to the sign-in page with CredentialsSignin", async () => {
    const { jar, csrfToken } = await browser()
    const response = await signIn(jar, { csrfToken, email: demoUser.email, password: "guess" })
    expect(response.status).toBe(302)
    expect(response.headers.get("location")).toBe(`${base}/signin?error=CredentialsSignin&code=credentials`)
    expect(jar.get(SESSION)).toBeUndefined()
    expect((await jar.fetch(`${running.url}/profile`)).status).toBe(401)
  })

  it("carries the code of a CredentialsSignin subclass", async () => {
    const { jar, csrfToken } = await browser()
    const response = await jar.fetch(`${base}/callback/troublesome`, form({ csrfToken, mode: "locked" }))
    expect(response.headers.get("location")).toBe(`${base}/signin?error=CredentialsSignin&code=locked`)
  })

  it("turns an unexpected error in authorize into the Configuration error, not a 500", async () => {
    const { jar, csrfToken } = await browser()
    const response = await jar.fetch(`${base}/callback/troublesome`, form({ csrfToken, mode: "boom" }))
    expect(response.status).toBe(302)
    expect(response.headers.get("location")).toBe(`${base}/error?error=Configuration`)
  })

  it("refuses a sign-in without the CSRF token (MissingCSRF)", async () => {
    const { jar } = await browser()
    const response = await signIn(jar, { email: demoUser.email, password: "wonderland" })
    expect(response.status).toBe(302)
    expect(response.headers.get("location")).toBe(`${base}/signin?error=MissingCSRF`)
    expect(jar.get(SESSION)).toBeUndefined()
  })

  it("refuses a CSRF token that does not match the cookie", async () => {
    const { jar } = await browser()
    const { csrfToken: otherToken } = await browser()
    const response = await signIn(jar, { csrfToken: otherToken, email: demoUser.email, password: "wonderland" })
    expect(response.headers.get("location")).toBe(`${base}/signin?error=MissingCSRF`)
    expect(jar.get(SESSION)).toBeUndefined()
  })

  it("refuses a CSRF token sent without its cookie", async () => {
    const { csrfToken } = await browser()
    const response = await signIn(new CookieJar(), { csrfToken, email: demoUser.email, password: "wonderland" })
    expect(response.headers.get("location")).toBe(`${base}/signin?error=MissingCSRF`)
  })

  it.each(["https://evil.example/steal", "//evil.example/steal", "http://127.0.0.1.evil.example/"])(
    "keeps the user on this origin for callbackUrl %s",
    async (callbackUrl) => {
      const { jar, csrfToken } = await browser()
      const response = await signIn(jar, { csrfToken, email: demoUser.email, password: "wonderland", callbackUrl })
      expect(response.status).toBe(302)
      expect(new URL(response.headers.get("location")!).origin).toBe(running.url)
    },
  )
})
