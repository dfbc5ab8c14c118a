import { FastifyAdapter, type NestFastifyApplication } from "@nestjs/platform-fastify"
import { Test } from "@nestjs/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createTestSession } from "../../../lib/testing.js"
import { globalGuardModule } from "../global-guard/app.module.js"
import { admin, API, BROWSER, get } from "../global-guard/requests.js"

// A testing module is compiled before createNestApplication names the platform, so the bridge is
// chosen at init, not at construction (#23). This runs on Fastify in every run, Express or not.
describe("a testing module made into a Fastify app", () => {
  let app: NestFastifyApplication
  let url: string
  let moduleRef: Awaited<ReturnType<ReturnType<typeof Test.createTestingModule>["compile"]>>

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({ imports: [globalGuardModule({ bearer: true })] }).compile()
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false })
    await app.init()
    await app.getHttpAdapter().getInstance().ready()
    await app.listen(0, "127.0.0.1")
    url = (await app.getUrl()).replace("[::1]", "127.0.0.1")
  })
  afterAll(async () => {
    await app?.close()
  })

  it("serves the auth routes, the catch-all included, and sets the CSRF cookie", async () => {
    const csrf = await get(`${url}/auth/csrf`)
    expect(csrf.status).toBe(200)
    expect(csrf.headers.getSetCookie().some((c) => c.startsWith("authjs.csrf-token="))).toBe(true)
    expect((await get(`${url}/auth/no/such/action`)).status).toBe(400)
    expect((await get(`${url}/auth`)).status).toBe(400)
  })

  it("refuses an API call with 401 and WWW-Authenticate, and sends a browser to sign in", async () => {
    const api = await get(`${url}/admin`, API)
    expect(api.status).toBe(401)
    expect(api.headers.get("www-authenticate")).toBe("Bearer")
    const browser = await get(`${url}/admin`, BROWSER)
    expect(browser.status).toBe(302)
    expect(browser.headers.get("location")).toBe(`${url}/auth/signin?callbackUrl=${encodeURIComponent(`${url}/admin`)}`)
  })

  it("accepts createTestSession's cookie and bearer token", async () => {
    const session = await createTestSession(moduleRef, admin)
    expect((await get(`${url}/admin`, { ...API, cookie: session.cookie })).status).toBe(200)
    expect((await get(`${url}/admin`, { ...API, authorization: `Bearer ${session.token}` })).status).toBe(200)
  })
})
