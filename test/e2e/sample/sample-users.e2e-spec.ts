// The sample's forRootAsync factory gets the UsersRepository through DI: authorize, signIn, jwt and
// session all ask the instance the app's container holds.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import { AppModule } from "../../../sample/app.module.js"
import { UsersRepository, demoLogin } from "../../../sample/users.repository.js"
import { CookieJar } from "../../utils/cookie-jar.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"

describe("the sample's users repository, injected into AuthModule.forRootAsync", () => {
  let running: RunningApp
  let users: UsersRepository

  beforeAll(async () => {
    running = await startApp(AppModule)
    users = running.app.get(UsersRepository)
  })
  afterAll(async () => {
    await running?.app.close()
  })

  async function post(jar: CookieJar, path: string, fields: Record<string, string>): Promise<Response> {
    const { csrfToken } = (await (await jar.fetch(`${running.url}/auth/csrf`)).json()) as { csrfToken: string }
    return jar.fetch(`${running.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, ...fields }).toString(),
    })
  }

  it("signs the demo user in through the container's repository, and the session carries its role", async () => {
    const verify = vi.spyOn(users, "verifyPassword")
    const mayUse = vi.spyOn(users, "mayUse")
    const jar = new CookieJar()
    expect((await post(jar, "/auth/callback/credentials", demoLogin)).status).toBe(302)
    expect(verify).toHaveBeenCalledWith(demoLogin.email, demoLogin.password)
    expect(mayUse).toHaveBeenCalledWith(demoLogin.email)
    const profile = await jar.fetch(`${running.url}/api/session`)
    expect(await profile.json()).toMatchObject({ user: { id: "demo", email: demoLogin.email, role: "admin" } })
    vi.restoreAllMocks()
  })

  it("refuses blocked@example.com in the signIn callback, before any mail is sent", async () => {
    const jar = new CookieJar()
    const response = await post(jar, "/auth/signin/nodemailer", { email: "blocked@example.com" })
    expect(response.status).toBe(302)
    expect(response.headers.get("location")).toContain("error=AccessDenied")
  })
})
