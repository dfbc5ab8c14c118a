import { Controller, Get, Module } from "@nestjs/common"
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest"
import { encodeNextAuthV4 } from "../../../lib/core/jwt/next-auth-v4.js"
import { AuthModule } from "../../../lib/nest/auth.module.js"
import { Session } from "../../../lib/session.js"
import { createTestSession } from "../../../lib/testing.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { v4Vectors as v } from "../../utils/next-auth-v4-vectors.js"
import { companionModule } from "./app.module.js"

const ada = { id: "user-ada", name: "Ada Lovelace", email: "ada@example.com" }
const V4_COOKIE = "next-auth.session-token"
const v4 = { issuedBy: "next-auth-v4" } as const

@Controller("ping")
class PingController {
  @Get() ping(@Session() session: Session) {
    return { email: session.user?.email }
  }
}

function call(url: string, headers: Record<string, string> = {}, method = "GET") {
  return fetch(url, { method, headers: { accept: "application/json", ...headers }, redirect: "manual", signal: AbortSignal.timeout(10_000) })
}

describe('a Nest API reading NextAuth v4 sessions (session.issuedBy "next-auth-v4")', () => {
  let running: RunningApp
  const warnings: string[] = []
  const errors: Error[] = []

  beforeAll(async () => {
    const logger = { warn: (code: string) => void warnings.push(code), error: (e: Error) => void errors.push(e) }
    running = await startApp(companionModule({ secret: v.secrets.main, session: v4, logger }))
  })
  afterAll(async () => {
    await running?.app.close()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it("says at boot that it signs nobody in", () => {
    expect(warnings).toContain("read-only-sessions")
  })

  it("lets a v4 session cookie through the global guard, with the user the session callback builds", async () => {
    const { cookie } = await createTestSession(running.app, ada, { claims: { role: "admin" } })
    expect(cookie.startsWith(`${V4_COOKIE}=`)).toBe(true)
    const response = await call(`${running.url}/me`, { cookie })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ user: { id: "user-ada", email: "ada@example.com", name: "Ada Lovelace", role: "admin" } })
    expect(response.headers.getSetCookie()).toEqual([])
  })

  it("reads the chunked cookies NextAuth v4 itself wrote", async () => {
    vi.useFakeTimers({ toFake: ["Date"] })
    vi.setSystemTime((v.recorded_at + 5) * 1000)
    const cookie = v.big_chunks.map((c) => `${c.name}=${c.value}`).join("; ")
    const response = await call(`${running.url}/me`, { cookie })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ user: { id: "user-ada", role: "admin" }, notesLength: 7200 })
  })

  it("reads the __Secure- cookie behind an https proxy", async () => {
    const { cookie } = await createTestSession(running.app, ada, { secure: true })
    expect(cookie.startsWith(`__Secure-${V4_COOKIE}=`)).toBe(true)
    expect((await call(`${running.url}/me`, { cookie, "x-forwarded-proto": "https" })).status).toBe(200)
    expect((await call(`${running.url}/me`, { cookie })).status).toBe(401)
  })

  it("refuses a missing, tampered or foreign cookie with 401, and never touches the cookie", async () => {
    const { token } = await createTestSession(running.app, ada)
    const tampered = `${token.slice(0, -3)}${token.endsWith("AAA") ? "BBB" : "AAA"}`
    const otherSecret = await encodeNextAuthV4({ token: { sub: "user-ada" }, secret: v.secrets.other })
    for (const cookie of [undefined, `${V4_COOKIE}=${tampered}`, `${V4_COOKIE}=${otherSecret}`, `authjs.session-token=${token}`]) {
      const response = await call(`${running.url}/me`, cookie ? { cookie } : {})
      expect(response.status, cookie).toBe(401)
      expect(response.headers.getSetCookie(), cookie).toEqual([])
    }
  })

  it("accepts the cookie's value as a bearer token, and refuses an altered one", async () => {
    const { authorization, token } = await createTestSession(running.app, ada)
    expect((await call(`${running.url}/me`, { authorization })).status).toBe(200)
    const refused = await call(`${running.url}/me`, { authorization: `Bearer ${token}x` })
    expect(refused.status).toBe(401)
    expect(refused.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"')
  })

  it("gives @Session() and AuthService.getSession the same session on a public route", async () => {
    const { cookie } = await createTestSession(running.app, ada)
    expect(await (await call(`${running.url}/who`, { cookie })).json()).toEqual({ decorator: ada.email, service: ada.email })
    expect(await (await call(`${running.url}/who`)).json()).toEqual({ decorator: null, service: null })
  })

  it("mints nothing: issueToken hands back the token the request carried, expiring when it does", async () => {
    const { cookie, token, expires } = await createTestSession(running.app, ada)
    const response = await call(`${running.url}/token`, { cookie }, "POST")
    expect(response.status).toBe(201)
    const issued = (await response.json()) as { token: string; expires: string }
    expect(issued.token).toBe(token)
    expect(Math.abs(Date.parse(issued.expires) - Date.parse(expires))).toBeLessThan(2000)
  })

  it.each([
    ["GET", "/auth/signin"],
    ["POST", "/auth/signin/credentials"],
    ["POST", "/auth/callback/credentials"],
    ["GET", "/auth/session"],
    ["POST", "/auth/signout"],
    ["GET", "/auth/csrf"],
  ])("answers %s %s with 404 and says where to sign in", async (method, path) => {
    const { cookie } = await createTestSession(running.app, ada)
    const response = await call(`${running.url}${path}`, { cookie }, method)
    expect(response.status).toBe(404)
    expect(response.headers.getSetCookie()).toEqual([])
    expect((await response.json()).message).toMatch(/issued by the Next\.js app .*sign in there/)
  })

  it("answers a browser without a session 401: its own sign-in page does not exist", async () => {
    const response = await call(`${running.url}/me`, { accept: "text/html" })
    expect(response.status).toBe(401)
    expect(response.headers.get("location")).toBeNull()
  })
})

describe("a NextAuth v4 companion API with pages.signIn", () => {
  let running: RunningApp

  beforeAll(async () => {
    const pages = { signIn: "https://app.example.com/api/auth/signin" }
    running = await startApp(companionModule({ secret: v.secrets.main, session: v4, pages, logger: { warn: () => {} } }))
  })
  afterAll(async () => {
    await running?.app.close()
  })

  it("sends a browser without a session to the Next.js app's sign-in page, with a way back", async () => {
    const response = await call(`${running.url}/me?tab=1`, { accept: "text/html" })
    expect(response.status).toBe(302)
    const location = new URL(response.headers.get("location")!)
    expect(`${location.origin}${location.pathname}`).toBe("https://app.example.com/api/auth/signin")
    expect(location.searchParams.get("callbackUrl")).toBe(`${running.url}/me?tab=1`)
  })
})

describe("a NextAuth v4 companion API configured by forRootAsync", () => {
  let running: RunningApp

  beforeAll(async () => {
    @Module({
      imports: [
        AuthModule.forRootAsync({
          globalGuard: true,
          useFactory: async () => ({ secret: v.secrets.main, trustHost: true, providers: [], session: v4, logger: { warn: () => {} } }),
        }),
      ],
      controllers: [PingController],
    })
    class AsyncCompanionModule {}
    running = await startApp(AsyncCompanionModule)
  })
  afterAll(async () => {
    await running?.app.close()
  })

  it("reads v4 cookies and refuses its own sign-in routes, though they were mounted before the factory ran", async () => {
    const { cookie } = await createTestSession(running.app, ada)
    expect(await (await call(`${running.url}/ping`, { cookie })).json()).toEqual({ email: ada.email })
    expect((await call(`${running.url}/ping`)).status).toBe(401)
    expect((await call(`${running.url}/auth/signin`)).status).toBe(404)
  })
})
