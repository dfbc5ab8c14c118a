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

/** The session cookie a response sets with a value (a deletion has none). */
function sessionSet(res: Response): string | undefined {
  const line = res.headers.getSetCookie().find((l) => l.startsWith(`${SESSION}=`) && !l.startsWith(`${SESSION}=;`))
  return line?.slice(SESSION.length + 1, line.indexOf(";"))
}

/** What a browser holding only `value` as its session cookie is signed in as (null: nobody). */
async function sessionOf(value: string): Promise<{ user?: Record<string, unknown> } | null> {
  const jar = new CookieJar()
  jar.setCookie(new URL(app.url), `${SESSION}=${value}; Path=/`)
  return (await jar.fetch(`${app.url}/auth/session`)).json()
}

// The attacker's token carries claims the victim's must never pick up: a name, a picture and a
// role that no sign-in here sets.
const ATTACKER = { sub: "attacker", name: "Eve", email: "eve@evil.test", picture: "https://evil.test/eve.png", role: "admin" }
const plants = [
  ["the attacker's own valid session", () => encode({ token: ATTACKER, secret: TEST_SECRET, salt: SESSION })],
  ["a value of the attacker's choosing", async () => "attacker-chosen-value"],
] as const

describe("a session cookie planted before sign-in", () => {
  it.each(plants)("is replaced at sign-in when it is %s: the answer itself sets the victim's own token", async (_, plant) => {
    const planted = await plant()
    const jar = new CookieJar()
    jar.setCookie(new URL(app.url), `${SESSION}=${planted}; Path=/`)
    const res = await signIn(jar)
    expect(res.headers.get("location")).toBe(app.url)
    const issued = sessionSet(res)
    expect(issued).toBeDefined()
    expect(issued).not.toBe(planted)
    expect(jar.get(SESSION)).toBe(issued)
    // Nothing of the planted token carries over: exactly the claims a fresh sign-in gives.
    const claims = await decode({ token: issued!, secret: TEST_SECRET, salt: SESSION })
    expect(Object.keys(claims!).sort()).toEqual(["email", "exp", "iat", "jti", "name", "sub"])
    expect(claims).toMatchObject({ sub: "sec-user", name: "Sec User", email: "sec@example.com" })
    expect(await (await jar.fetch(`${app.url}/profile`)).json()).toMatchObject({ user: { email: "sec@example.com" } })
  })

  it.each(plants)("is not the session in use after sign-in when it is %s, and never becomes the victim's", async (_, plant) => {
    const planted = await plant()
    const attackerBefore = await sessionOf(planted)
    const victim = new CookieJar()
    victim.setCookie(new URL(app.url), `${SESSION}=${planted}; Path=/`)
    await signIn(victim)
    // The browser now uses a different session, and it is the victim's alone: no name, picture or
    // role of the attacker's, nothing beyond what the victim's own sign-in gives.
    expect(victim.get(SESSION)).not.toBe(planted)
    const session = (await (await victim.fetch(`${app.url}/auth/session`)).json()) as { user?: unknown } | null
    expect(session).toEqual({ user: { name: "Sec User", email: "sec@example.com" }, expires: expect.any(String) })
    // The attacker's copy of the planted cookie is what it was before: it did not sign the victim in.
    // (Its `expires` rolls with every read, so compare who it is.)
    expect((await sessionOf(planted))?.user).toEqual(attackerBefore?.user)
    expect(JSON.stringify(attackerBefore)).not.toContain("sec@example.com")
  })
})
