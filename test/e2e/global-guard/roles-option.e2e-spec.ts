import { afterAll, describe, expect, it } from "vitest"
import { createTestSession } from "../../../lib/testing.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { globalGuardModule } from "./app.module.js"
import { alice, admin, API, get } from "./requests.js"

// The roles option: where @Roles() finds the user's roles, and what happens when it throws.

describe("the roles option", () => {
  const apps: RunningApp[] = []
  afterAll(async () => {
    await Promise.all(apps.map((running) => running.app.close()))
  })

  it("tells @Roles() where the user's roles are", async () => {
    const running = await startApp(
      globalGuardModule({
        // Roles kept as a space-separated claim, as some IdPs send them.
        callbacks: { session: ({ session, token }) => ({ ...session, scope: token?.scope }) },
        // `scope` is not a declared Session field (no augmentation in a shared test program): read it as such.
        roles: (session) => String((session as { scope?: unknown }).scope ?? "").split(" "),
      }),
    )
    apps.push(running)
    const withScope = await createTestSession(running.app, alice, { claims: { scope: "read admin" } })
    expect((await get(`${running.url}/admin`, { ...API, cookie: withScope.cookie })).status).toBe(200)
    const withoutScope = await createTestSession(running.app, admin, { claims: { scope: "read" } })
    expect((await get(`${running.url}/admin`, { ...API, cookie: withoutScope.cookie })).status).toBe(403)
  })

  it("refuses with 403 when the roles source throws, and logs it once", async () => {
    const errors: Error[] = []
    const running = await startApp(
      globalGuardModule({
        logger: { error: (e) => void errors.push(e) },
        roles: () => {
          throw new Error("roles lookup failed")
        },
      }),
    )
    apps.push(running)
    const { cookie } = await createTestSession(running.app, admin)
    expect((await get(`${running.url}/admin`, { ...API, cookie })).status).toBe(403)
    expect((await get(`${running.url}/profile`, { ...API, cookie })).status).toBe(200)
    expect(errors.map((e) => [e.name, e.message])).toEqual([["AuthorizationCheckError", "The roles option threw on AdminController.dashboard"]])
  })
})
