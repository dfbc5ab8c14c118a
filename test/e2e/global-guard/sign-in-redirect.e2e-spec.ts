import type { NestExpressApplication } from "@nestjs/platform-express"
import { afterAll, describe, expect, it } from "vitest"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { globalGuardModule } from "./app.module.js"
import { BROWSER, get } from "./requests.js"

// Where the global guard sends a browser without a session: global prefix, basePath, pages.signIn, or nowhere.

describe("the sign-in redirect", () => {
  const started: RunningApp[] = []
  afterAll(async () => {
    await Promise.all(started.map((running) => running.app.close()))
  })
  async function start(module: unknown, setup?: (app: NestExpressApplication) => void) {
    const running = await startApp(module, setup)
    started.push(running)
    return running
  }

  it("goes under the global prefix and a custom basePath", async () => {
    const running = await start(globalGuardModule({ basePath: "/api/auth" }), (app) => app.setGlobalPrefix("v1"))
    const response = await get(`${running.url}/v1/profile`, BROWSER)
    const location = new URL(response.headers.get("location")!)
    expect(`${location.origin}${location.pathname}`).toBe(`${running.url}/v1/api/auth/signin`)
    expect(location.searchParams.get("callbackUrl")).toBe(`${running.url}/v1/profile`)
    expect((await get(location.href, BROWSER)).status).toBe(200)
  })

  it("goes to pages.signIn when the app has its own page", async () => {
    const running = await start(globalGuardModule({ pages: { signIn: "/login?theme=dark" } }))
    const response = await get(`${running.url}/profile`, BROWSER)
    expect(response.headers.get("location")).toBe(
      `${running.url}/login?theme=dark&callbackUrl=${encodeURIComponent(`${running.url}/profile`)}`,
    )
  })

  it("is off with redirectToSignIn: false", async () => {
    const running = await start(globalGuardModule({ redirectToSignIn: false }))
    const response = await get(`${running.url}/profile`, BROWSER)
    expect(response.status).toBe(401)
    expect(response.headers.get("location")).toBeNull()
  })
})
