// forRootAsync factories get Nest providers: here a users repository that authorize and the signIn,
// jwt and session callbacks call, the same instance the rest of the app injects.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { CookieJar } from "../../utils/cookie-jar.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { DiCallbacksAppModule, UsersRepository } from "./app.module.js"

describe("AuthModule.forRootAsync with an injected users repository", () => {
  let running: RunningApp
  let users: UsersRepository

  beforeAll(async () => {
    running = await startApp(DiCallbacksAppModule)
    users = running.app.get(UsersRepository)
  })
  afterAll(async () => {
    await running?.app.close()
  })
  beforeEach(() => {
    for (const key of Object.keys(users.calls) as Array<keyof UsersRepository["calls"]>) users.calls[key] = 0
    users.setRole("u-ada", "admin")
  })

  async function signIn(email: string, password: string): Promise<{ jar: CookieJar; response: Response }> {
    const jar = new CookieJar()
    const { csrfToken } = (await (await jar.fetch(`${running.url}/auth/csrf`)).json()) as { csrfToken: string }
    const response = await jar.fetch(`${running.url}/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, email, password }).toString(),
    })
    return { jar, response }
  }

  const json = { accept: "application/json" }

  it("signs in through the repository's authorize, signIn and jwt, and its session callback shapes the session", async () => {
    const { jar, response } = await signIn("ada@example.com", "analytical")
    expect(response.status).toBe(302)
    expect(users.calls).toMatchObject({ authorize: 1, signIn: 1, jwt: 1 })
    const session = (await (await jar.fetch(`${running.url}/auth/session`)).json()) as { user: object }
    expect(session.user).toEqual({ id: "u-ada", name: "Ada", email: "ada@example.com", role: "admin" })
    expect(users.calls.session).toBeGreaterThan(0)
  })

  it("lets the guard's @Roles see what the repository says now", async () => {
    const { jar } = await signIn("ada@example.com", "analytical")
    const allowed = await jar.fetch(`${running.url}/admin`, { headers: json })
    expect(allowed.status).toBe(200)
    expect(await allowed.json()).toEqual({ for: "ada@example.com" })

    users.setRole("u-ada", "member")
    expect((await jar.fetch(`${running.url}/admin`, { headers: json })).status).toBe(403)
  })

  it("refuses a user the repository blocks (signIn callback), with the right password", async () => {
    const { jar, response } = await signIn("bob@example.com", "builder")
    expect(response.status).toBe(302)
    expect(response.headers.get("location")).toContain("error=AccessDenied")
    expect(jar.get("authjs.session-token")).toBeUndefined()
    expect(users.calls).toMatchObject({ authorize: 1, signIn: 1, jwt: 0 })
  })

  it("refuses a wrong password (authorize returns null) before the other callbacks", async () => {
    const { response } = await signIn("ada@example.com", "wrong")
    expect(response.headers.get("location")).toContain("error=CredentialsSignin")
    expect(users.calls).toMatchObject({ authorize: 1, signIn: 0, jwt: 0 })
  })
})
