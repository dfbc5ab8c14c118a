// Session fixation: a session cookie planted in the victim's browser before sign-in (by a sibling
// subdomain, a proxy, or an XSS elsewhere) never survives the sign-in; what the victim ends up with
// is a new token, minted for the victim. (Database sessions: test/e2e/database-session, "signs the
// same account in again as the same user, each time with a new token".)
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { decode, encode } from "../../../lib/jwt.js"
import { CookieJar } from "../../utils/cookie-jar.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { TEST_SECRET } from "../../utils/nest-auth-config.js"
import { securityAppModule } from "../security-app.module.js"

const SESSION = "authjs.session-token"
const PASSWORD = "correct horse battery staple"
let app: RunningApp

beforeAll(async () => {
  app = await startApp(securityAppModule({ password: PASSWORD }))
})
afterAll(() => app?.app.close())

async function signIn(jar: CookieJar): Promise<Response> {
  const { csrfToken } = (await (await jar.fetch(`${app.url}/auth/csrf`)).json()) as { csrfToken: string }
  return jar.fetch(`${app.url}/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, email: "sec@example.com", password: PASSWORD }).toString(),
  })
}

describe("a session cookie planted before sign-in", () => {
  it.each([
    ["the attacker's own valid session", () => encode({ token: { sub: "attacker", email: "eve@evil.test", jti: "planted" }, secret: TEST_SECRET, salt: SESSION })],
    ["a value of the attacker's choosing", async () => "attacker-chosen-value"],
  ])("is replaced at sign-in when it is %s", async (_, plant) => {
    const planted = await plant()
    const jar = new CookieJar()
    jar.setCookie(new URL(app.url), `${SESSION}=${planted}; Path=/`)
    const res = await signIn(jar)
    expect(res.headers.get("location")).toBe(app.url)
    const issued = jar.get(SESSION)!
    expect(issued).not.toBe(planted)
    const claims = await decode({ token: issued, secret: TEST_SECRET, salt: SESSION })
    expect(claims).toMatchObject({ sub: "sec-user", email: "sec@example.com" })
    expect(claims?.jti).not.toBe("planted")
    expect(await (await jar.fetch(`${app.url}/profile`)).json()).toMatchObject({ user: { email: "sec@example.com" } })
  })

  it("gets a new token at every sign-in, so no two sessions share one", async () => {
    const tokens = new Set<string>()
    for (let i = 0; i < 3; i++) {
      const jar = new CookieJar()
      await signIn(jar)
      tokens.add(jar.get(SESSION)!)
    }
    expect(tokens.size).toBe(3)
  })
})
