import { describe, expect, it } from "vitest"
import { getCsrf, makeAuthRequest } from "../../utils/make-auth-request.js"
import { CALLBACK_URL_COOKIE, CSRF_COOKIE, testConfig } from "../../utils/test-config.js"

describe("request routing (§1.6, §4.1)", () => {
  it.each(["PUT", "DELETE", "PATCH", "OPTIONS"])("answers %s with 400 Bad request.", async (method) => {
    const res = await makeAuthRequest(testConfig(), { method, action: "session" })
    expect(res.status).toBe(400)
    expect(res.body).toBe("Bad request.")
  })

  it("answers an unknown action with 400", async () => {
    const res = await makeAuthRequest(testConfig(), { action: "foo" })
    expect(res.status).toBe(400)
  })

  it("answers a provider id on an action without one with 400", async () => {
    const res = await makeAuthRequest(testConfig(), { action: "session", providerId: "x" })
    expect(res.status).toBe(400)
  })

  it.each([
    ["POST", "providers", undefined],
    ["POST", "csrf", undefined],
    ["GET", "signin", "credentials"],
    ["POST", "error", undefined],
    ["POST", "verify-request", undefined],
    ["GET", "callback", undefined],
    // An unknown provider id answers 404: test/core/actions/client-mistakes.spec.ts.
  ])("redirects %s %s/%s to the Configuration error", async (method, action, providerId) => {
    const config = testConfig()
    const { token, jar } = await getCsrf(config)
    const res = await makeAuthRequest(config, { method, action, providerId, cookies: jar, body: method === "POST" ? { csrfToken: token } : undefined })
    expect(res.status).toBe(302)
    expect(res.headers.location).toBe("http://localhost:3000/auth/error?error=Configuration")
  })
})

describe("GET /auth/providers", () => {
  it("lists providers with their URLs and sets no cookie", async () => {
    const res = await makeAuthRequest(testConfig(), { action: "providers" })
    expect(res.body).toEqual({
      credentials: {
        id: "credentials", name: "Credentials", type: "credentials",
        signinUrl: "http://localhost:3000/auth/signin/credentials",
        callbackUrl: "http://localhost:3000/auth/callback/credentials",
      },
    })
    expect(res.cookies).toEqual([])
  })

  it("follows the mount path the framework reports", async () => {
    const config = testConfig()
    const res = await (await import("../../../lib/core/handle.js")).handleAuth(
      { method: "GET", action: "providers", protocol: "http", headers: { host: "h:1" }, query: {}, cookies: {}, basePath: "/v1/api/auth" },
      config,
    )
    expect((res.body as any).credentials.callbackUrl).toBe("http://h:1/v1/api/auth/callback/credentials")
  })
})

describe("GET /auth/csrf", () => {
  it("mints a token and its cookie, then reuses a valid cookie", async () => {
    const config = testConfig()
    const first = await getCsrf(config)
    expect(first.token).toMatch(/^[0-9a-f]{64}$/)
    expect(first.jar[CSRF_COOKIE]).toMatch(/^[0-9a-f]{64}\|[0-9a-f]{64}$/)
    const again = await makeAuthRequest(config, { action: "csrf", cookies: first.jar })
    expect((again.body as any).csrfToken).toBe(first.token)
    expect(again.cookies.some((c) => c.name === CSRF_COOKIE)).toBe(false)
    expect(again.headers["cache-control"]).toBe("private, no-cache, no-store")
  })

  it("replaces a forged cookie", async () => {
    const res = await makeAuthRequest(testConfig(), { action: "csrf", cookies: { [CSRF_COOKIE]: `${"a".repeat(64)}|${"b".repeat(64)}` } })
    expect((res.body as any).csrfToken).not.toBe("a".repeat(64))
    expect(res.cookies.some((c) => c.name === CSRF_COOKIE)).toBe(true)
  })
})

describe("callback URL", () => {
  it("remembers a same-origin callbackUrl in its cookie and refuses foreign ones", async () => {
    const config = testConfig()
    const ok = await makeAuthRequest(config, { action: "signin", query: { callbackUrl: "/after" } })
    expect(ok.cookies.find((c) => c.name === CALLBACK_URL_COOKIE)?.value).toBe("http://localhost:3000/after")
    const evil = await makeAuthRequest(config, { action: "signin", query: { callbackUrl: "https://evil.example" } })
    expect(evil.cookies.find((c) => c.name === CALLBACK_URL_COOKIE)?.value).toBe("http://localhost:3000")
  })

  it("uses AUTH_URL's origin over the Host header", async () => {
    const config = testConfig({}, { AUTH_URL: "https://auth.example.com/auth" })
    const res = await makeAuthRequest(config, { action: "providers", headers: { host: "attacker.example" } })
    expect((res.body as any).credentials.signinUrl).toBe("https://auth.example.com/auth/signin/credentials")
  })

  it("ignores X-Forwarded-Host when the host is not trusted", async () => {
    const config = testConfig({ trustHost: false }, { AUTH_URL: "http://localhost:3000" })
    const res = await makeAuthRequest(config, { action: "providers", headers: { "x-forwarded-host": "evil.example" } })
    expect((res.body as any).credentials.signinUrl).toBe("http://localhost:3000/auth/signin/credentials")
  })
})
