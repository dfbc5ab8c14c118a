import { Module } from "@nestjs/common"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { encode } from "../../../lib/jwt.js"
import { AuthModule } from "../../../lib/nest/auth.module.js"
import { createTestSession } from "../../../lib/testing.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { TEST_SECRET, nestAuthConfig } from "../../utils/nest-auth-config.js"
import { PREDICATE_FAILURE, controllers, globalGuardModule, roleCallbacks } from "./app.module.js"
import { alice, admin, support, aliceAdmin, BROWSER, API, get } from "./requests.js"

// AuthModule with globalGuard: true, through forRoot and forRootAsync: every route guarded, @Public, @Roles, policies.

describe("AuthModule.forRoot({ globalGuard: true })", () => {
  let running: RunningApp
  const errors: Error[] = []
  const cookieOf = async (user: object) => (await createTestSession(running.app, user)).cookie

  beforeAll(async () => {
    running = await startApp(globalGuardModule({ logger: { error: (e) => void errors.push(e) } }))
  })
  afterAll(async () => {
    await running?.app.close()
  })
  afterEach(() => {
    errors.length = 0
  })

  it("answers an API call without a session with 401 and a small JSON body", async () => {
    const response = await get(`${running.url}/profile`, API)
    expect(response.status).toBe(401)
    expect(response.headers.get("content-type")).toMatch(/^application\/json/)
    expect(await response.json()).toEqual({ statusCode: 401, message: "Unauthorized" })
  })

  it("lets a session through and hands it to @Session()", async () => {
    const response = await get(`${running.url}/profile`, { ...API, cookie: await cookieOf(alice) })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ user: { name: alice.name, email: alice.email } })
  })

  it("lets @Public() routes through without a session, and still reads one when it is there", async () => {
    expect(await (await get(`${running.url}/`, API)).json()).toEqual({ signedIn: false, email: null })
    const withSession = await get(`${running.url}/`, { ...API, cookie: await cookieOf(alice) })
    expect(await withSession.json()).toEqual({ signedIn: true, email: alice.email })
  })

  it("guards a @Public(false) handler of a public controller", async () => {
    expect((await get(`${running.url}/members`, API)).status).toBe(401)
    expect((await get(`${running.url}/members`, { ...API, cookie: await cookieOf(alice) })).status).toBe(200)
  })

  it("keeps the auth routes public", async () => {
    const session = await get(`${running.url}/auth/session`, API)
    expect(session.status).toBe(200)
    expect(await session.json()).toBeNull()
    expect((await get(`${running.url}/auth/csrf`, API)).status).toBe(200)
    expect((await get(`${running.url}/auth/providers`, API)).status).toBe(200)
    expect((await get(`${running.url}/auth/signin`, BROWSER)).status).toBe(200)
  })

  it("redirects a browser navigation to the sign-in page, with a callbackUrl back", async () => {
    const response = await get(`${running.url}/profile?tab=keys&x=1`, BROWSER)
    expect(response.status).toBe(302)
    const location = new URL(response.headers.get("location")!)
    expect(`${location.origin}${location.pathname}`).toBe(`${running.url}/auth/signin`)
    expect(location.searchParams.get("callbackUrl")).toBe(`${running.url}/profile?tab=keys&x=1`)
  })

  it("redirects a browser whose cookie is garbage or expired, and clears that cookie", async () => {
    const expired = await encode({
      token: { sub: alice.id, email: alice.email },
      secret: TEST_SECRET,
      salt: "authjs.session-token",
      maxAge: -3600,
    })
    for (const value of ["garbage", expired, "eyJ.%00.x"]) {
      const response = await get(`${running.url}/profile`, { ...BROWSER, cookie: `authjs.session-token=${value}` })
      expect(response.status).toBe(302)
      expect(response.headers.getSetCookie().join("\n")).toMatch(/^authjs\.session-token=; Max-Age=0/)
    }
    expect((await get(`${running.url}/profile`, { ...API, cookie: `authjs.session-token=${expired}` })).status).toBe(401)
  })

  it("answers 401, not a redirect, to anything but a GET or HEAD navigation", async () => {
    expect((await get(`${running.url}/profile`, BROWSER, "POST")).status).toBe(401)
    expect((await get(`${running.url}/profile`, BROWSER, "HEAD")).status).toBe(302)
    expect((await get(`${running.url}/profile`, { accept: "*/*" })).status).toBe(401)
    expect((await get(`${running.url}/profile`, { ...BROWSER, authorization: "Basic eDp5" })).status).toBe(401)
  })

  it("refuses a user without the role with 403, and lets the role holders in", async () => {
    const denied = await get(`${running.url}/admin`, { ...API, cookie: await cookieOf(alice) })
    expect(denied.status).toBe(403)
    expect(await denied.json()).toEqual({ statusCode: 403, message: "Forbidden" })
    expect((await get(`${running.url}/admin`, { ...API, cookie: await cookieOf(admin) })).status).toBe(200)
    expect((await get(`${running.url}/admin`, { ...API, cookie: await cookieOf(support) })).status).toBe(403)
  })

  it("lets method @Roles() replace the class's, and an empty @Roles() lift it", async () => {
    expect((await get(`${running.url}/admin/tickets`, { ...API, cookie: await cookieOf(support) })).status).toBe(200)
    expect((await get(`${running.url}/admin/any-user`, { ...API, cookie: await cookieOf(alice) })).status).toBe(200)
    expect((await get(`${running.url}/admin/any-user`, API)).status).toBe(401)
  })

  it("answers 403, never a redirect, to a signed-in browser that is not allowed", async () => {
    const response = await get(`${running.url}/admin`, { ...BROWSER, cookie: await cookieOf(alice) })
    expect(response.status).toBe(403)
  })

  it("runs @Authorize() predicates: class-level, replaced by the method's, and beside @Roles()", async () => {
    const aliceCookie = await cookieOf(alice)
    expect((await get(`${running.url}/policy/own`, { ...API, cookie: aliceCookie })).status).toBe(200)
    expect((await get(`${running.url}/policy/own`, { ...API, cookie: await cookieOf(admin) })).status).toBe(403)
    expect((await get(`${running.url}/policy/closed`, { ...API, cookie: aliceCookie })).status).toBe(403)
    expect((await get(`${running.url}/policy/admin-and-own`, { ...API, cookie: aliceCookie })).status).toBe(403)
    expect((await get(`${running.url}/policy/admin-and-own`, { ...API, cookie: await cookieOf(admin) })).status).toBe(403)
    expect((await get(`${running.url}/policy/admin-and-own`, { ...API, cookie: await cookieOf(aliceAdmin) })).status).toBe(200)
    expect(errors).toEqual([])
  })

  it("answers 403 when a predicate throws, and logs its error once, without the token", async () => {
    const cookie = await cookieOf(alice)
    const response = await get(`${running.url}/policy/broken`, { ...API, cookie })
    expect(response.status).toBe(403)
    expect(errors).toHaveLength(1)
    const [logged] = errors
    expect(logged!.name).toBe("AuthorizationCheckError")
    expect(logged!.message).toContain("PolicyController.broken")
    expect((logged!.cause as Error).message).toBe(PREDICATE_FAILURE)
    const token = cookie.slice(cookie.indexOf("=") + 1)
    expect(`${logged!.message} ${logged!.stack} ${(logged!.cause as Error).stack}`).not.toContain(token)
  })
})

describe("AuthModule.forRootAsync({ globalGuard: true, useFactory })", () => {
  let running: RunningApp
  beforeAll(async () => {
    @Module({
      imports: [
        AuthModule.forRootAsync({
          globalGuard: true,
          useFactory: async () => ({ ...nestAuthConfig({ callbacks: roleCallbacks }), redirectToSignIn: false }),
        }),
      ],
      controllers,
    })
    class AsyncGlobalGuardModule {}
    running = await startApp(AsyncGlobalGuardModule)
  })
  afterAll(async () => {
    await running?.app.close()
  })

  it("guards every route, with the factory's guard options", async () => {
    expect((await get(`${running.url}/profile`, BROWSER)).status).toBe(401)
    expect((await get(`${running.url}/`, API)).status).toBe(200)
    const { cookie } = await createTestSession(running.app, admin)
    expect((await get(`${running.url}/admin`, { ...API, cookie })).status).toBe(200)
  })
})
