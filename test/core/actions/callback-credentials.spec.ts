import { describe, expect, it } from "vitest"
import { decode } from "../../../lib/core/jwt/encode-decode.js"
import { CredentialsSignin } from "../../../lib/core/vocabulary/errors.js"
import Credentials from "../../../lib/providers/credentials.js"
import { applyCookies, getCsrf, makeAuthRequest } from "../../utils/make-auth-request.js"
import { alice, AUTH_SECRET, recordingLogger, SESSION_COOKIE, testConfig } from "../../utils/test-config.js"

async function signIn(config = testConfig(), body: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const { token, jar } = await getCsrf(config)
  const res = await makeAuthRequest(config, {
    method: "POST",
    action: "callback",
    providerId: "credentials",
    cookies: jar,
    headers,
    body: { csrfToken: token, username: "alice", password: "wonderland", ...body },
  })
  return { res, jar: applyCookies(jar, res.cookies) }
}

describe("POST /auth/callback/credentials", () => {
  it("issues an Auth.js session cookie and redirects to the callback URL", async () => {
    const { res, jar } = await signIn()
    expect(res.status).toBe(302)
    expect(res.headers.location).toBe("http://localhost:3000")
    const claims = await decode({ token: jar[SESSION_COOKIE], secret: AUTH_SECRET, salt: SESSION_COOKIE })
    expect(claims).toMatchObject({ name: alice.name, email: alice.email, picture: alice.image, sub: alice.id })
  })

  it("redirects to a same-origin callbackUrl from the body", async () => {
    const { res } = await signIn(undefined, { callbackUrl: "/dashboard" })
    expect(res.headers.location).toBe("http://localhost:3000/dashboard")
  })

  it("never redirects off-origin (open redirect)", async () => {
    for (const callbackUrl of ["https://evil.example/steal", "//evil.example/x", "javascript:alert(1)"]) {
      const { res } = await signIn(undefined, { callbackUrl })
      expect(new URL(res.headers.location!).origin).toBe("http://localhost:3000")
    }
  })

  it("sends wrong credentials to the sign-in page with CredentialsSignin and code=credentials", async () => {
    const { res, jar } = await signIn(undefined, { password: "nope" })
    expect(res.status).toBe(302)
    expect(res.headers.location).toBe("http://localhost:3000/auth/signin?error=CredentialsSignin&code=credentials")
    expect(jar[SESSION_COOKIE]).toBeUndefined()
  })

  it("carries a custom CredentialsSignin code", async () => {
    class Locked extends CredentialsSignin {
      override code = "locked"
    }
    const config = testConfig({
      providers: [Credentials({ credentials: {}, authorize: () => { throw new Locked() } })],
    })
    const { res } = await signIn(config)
    expect(res.headers.location).toBe("http://localhost:3000/auth/signin?error=CredentialsSignin&code=locked")
  })

  it("maps a plain error thrown by authorize to Configuration without leaking it", async () => {
    const log = recordingLogger()
    const config = testConfig({
      logger: log.logger,
      providers: [Credentials({ credentials: {}, authorize: () => { throw new Error("db password is hunter2") } })],
    })
    const { res } = await signIn(config)
    expect(res.headers.location).toBe("http://localhost:3000/auth/error?error=Configuration")
    expect(res.headers.location).not.toContain("hunter2")
    expect(log.errors).toHaveLength(1)
  })

  it("rejects a POST without the CSRF token (MissingCSRF), granting no session", async () => {
    const config = testConfig()
    const { jar } = await getCsrf(config)
    const res = await makeAuthRequest(config, {
      method: "POST", action: "callback", providerId: "credentials", cookies: jar,
      body: { username: "alice", password: "wonderland" },
    })
    expect(res.headers.location).toBe("http://localhost:3000/auth/signin?error=MissingCSRF")
    expect(res.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined()
  })

  it("rejects a CSRF token that does not match the cookie", async () => {
    const config = testConfig()
    const { jar } = await getCsrf(config)
    const res = await makeAuthRequest(config, {
      method: "POST", action: "callback", providerId: "credentials", cookies: jar,
      body: { csrfToken: "0".repeat(64), username: "alice", password: "wonderland" },
    })
    expect(res.headers.location).toContain("error=MissingCSRF")
  })

  it("answers GET with the Configuration error (credentials callbacks are POST only)", async () => {
    const res = await makeAuthRequest(testConfig(), { action: "callback", providerId: "credentials" })
    expect(res.headers.location).toBe("http://localhost:3000/auth/error?error=Configuration")
  })

  it("denies with AccessDenied when the signIn callback returns false", async () => {
    const { res, jar } = await signIn(testConfig({ callbacks: { signIn: () => false } }))
    expect(res.headers.location).toBe("http://localhost:3000/auth/error?error=AccessDenied")
    expect(jar[SESSION_COOKIE]).toBeUndefined()
  })

  it("lets the jwt callback add claims and passes it user, account and trigger", async () => {
    let seen: any
    const config = testConfig({
      callbacks: { jwt: (params) => { seen = params; return { ...params.token, role: "admin" } } },
    })
    const { jar } = await signIn(config)
    expect(seen.trigger).toBe("signIn")
    expect(seen.account).toEqual({ providerAccountId: alice.id, type: "credentials", provider: "credentials" })
    const claims = await decode({ token: jar[SESSION_COOKIE], secret: AUTH_SECRET, salt: SESSION_COOKIE })
    expect(claims?.role).toBe("admin")
  })

  it("fires the signIn event, and a throwing event handler does not break sign-in", async () => {
    const events: unknown[] = []
    const config = testConfig({ events: { signIn: (m) => { events.push(m); throw new Error("event boom") } } })
    const { res } = await signIn(config)
    expect(res.status).toBe(302)
    expect(res.headers.location).toBe("http://localhost:3000")
    expect(events).toHaveLength(1)
  })

  it("answers X-Auth-Return-Redirect with 200 { url }", async () => {
    const { res } = await signIn(undefined, {}, { "X-Auth-Return-Redirect": "1" })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ url: "http://localhost:3000" })
  })

  it("hands authorize a Web Request with the callback URL", async () => {
    let request: Request | undefined
    const config = testConfig({
      providers: [Credentials({ credentials: {}, authorize: (_c, r) => { request = r; return { id: "1" } } })],
    })
    await signIn(config, {}, { "user-agent": "vitest" })
    expect(request).toBeInstanceOf(Request)
    expect(request!.url).toBe("http://localhost:3000/auth/callback/credentials")
    expect(request!.headers.get("user-agent")).toBe("vitest")
  })
})
