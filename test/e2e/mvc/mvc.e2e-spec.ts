import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { createTestSession } from "../../../lib/testing.js"
import { CookieJar } from "../../utils/cookie-jar.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { demoUser } from "../../utils/nest-auth-config.js"
import { MvcAppModule, sessionReads } from "./app.module.js"

// Server-rendered views with @Render() and EJS: SessionLocalsMiddleware puts the session (or null) on
// res.locals.session, as @auth/express's documentation does, and the guard sends a browser that is not
// signed in to the sign-in page.

const VIEWS = fileURLToPath(new URL("./views", import.meta.url))
const BROWSER = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" }

describe("server-rendered views (MVC)", () => {
  let running: RunningApp
  beforeAll(async () => {
    running = await startApp(MvcAppModule, (app) => {
      app.setBaseViewsDir(VIEWS)
      app.setViewEngine("ejs")
    })
  })
  afterAll(async () => {
    await running?.app.close()
  })
  beforeEach(() => {
    sessionReads.count = 0
  })

  const page = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${running.url}${path}`, { headers: { ...BROWSER, ...headers }, redirect: "manual" })

  it("renders a page without a session with `session` set to null", async () => {
    const response = await page("/")
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toMatch(/^text\/html/)
    expect(await response.text()).toContain("Not signed in (session is null)")
  })

  it("renders the session of a user signed in through the Credentials provider", async () => {
    const jar = new CookieJar()
    const { csrfToken } = (await (await jar.fetch(`${running.url}/auth/csrf`)).json()) as { csrfToken: string }
    const signIn = await jar.fetch(`${running.url}/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, email: demoUser.email, password: "wonderland", callbackUrl: `${running.url}/` }),
    })
    expect(signIn.status).toBe(302)
    expect(signIn.headers.get("location")).toBe(`${running.url}/`)

    const home = await jar.fetch(`${running.url}/`, { headers: BROWSER })
    expect(home.status).toBe(200)
    expect(await home.text()).toContain(`Signed in as ${demoUser.email}`)
  })

  it("renders a guarded page from a test-kit session, reading the session once for guard and view", async () => {
    const { cookie } = await createTestSession(running.app, demoUser)
    const response = await page("/account", { cookie })
    expect(response.status).toBe(200)
    expect(await response.text()).toMatch(
      new RegExp(`<p id="account">${demoUser.name} &lt;${demoUser.email}&gt;, until \\d{4}-\\d\\d-\\d\\dT`),
    )
    expect(sessionReads.count).toBe(1)
  })

  it("sends a browser without a session from a guarded page to the sign-in page", async () => {
    const response = await page("/account")
    expect(response.status).toBe(302)
    const location = new URL(response.headers.get("location")!)
    expect(`${location.origin}${location.pathname}`).toBe(`${running.url}/auth/signin`)
    expect(location.searchParams.get("callbackUrl")).toBe(`${running.url}/account`)
    // An API client gets the status instead.
    expect((await page("/account", { accept: "application/json" })).status).toBe(401)
  })

  it("leaves the Auth.js routes to read the session themselves", async () => {
    const { cookie } = await createTestSession(running.app, demoUser)
    const response = await page("/auth/session", { cookie, accept: "application/json" })
    expect(response.status).toBe(200)
    expect(((await response.json()) as { user: { email: string } }).user.email).toBe(demoUser.email)
    expect(sessionReads.count).toBe(1)
  })
})

describe("server-rendered views under a global prefix", () => {
  let running: RunningApp
  beforeAll(async () => {
    running = await startApp(MvcAppModule, (app) => {
      app.setGlobalPrefix("v1")
      app.setBaseViewsDir(VIEWS)
      app.setViewEngine("ejs")
    })
  })
  afterAll(async () => {
    await running?.app.close()
  })

  it("still renders with the session and still passes the prefixed Auth.js routes through", async () => {
    const { cookie } = await createTestSession(running.app, demoUser)
    const home = await fetch(`${running.url}/v1`, { headers: { ...BROWSER, cookie } })
    expect(await home.text()).toContain(`Signed in as ${demoUser.email}`)

    sessionReads.count = 0
    const session = await fetch(`${running.url}/v1/auth/session`, { headers: { cookie } })
    expect(session.status).toBe(200)
    expect(sessionReads.count).toBe(1)
  })
})
