import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { CookieJar } from "../../utils/cookie-jar.js"
import { freePort } from "../../utils/free-port.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { followAuthorization, type OidcIssuer, startOidcIssuer } from "../../utils/oidc/index.js"
import { oidcAppModule } from "./app.module.js"

const SESSION = "authjs.session-token"
const form = (fields: Record<string, string>): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
})

describe.each([
  { checks: ["pkce", "state", "nonce"] as const },
  { checks: ["pkce", "state"] as const },
])("OIDC code flow through Nest against oidc-provider (checks: $checks)", ({ checks }) => {
  let idp: OidcIssuer
  let running: RunningApp
  let base: string

  beforeAll(async () => {
    const port = await freePort()
    const appUrl = `http://127.0.0.1:${port}`
    idp = await startOidcIssuer({
      clients: [{ client_id: "corp-app", client_secret: "corp-secret", redirect_uris: [`${appUrl}/auth/callback/corp`] }],
    })
    running = await startApp(oidcAppModule(idp.issuer, [...checks]), undefined, port)
    base = `${running.url}/auth`
  })
  afterAll(async () => {
    await running?.app.close()
    await idp?.stop()
  })

  async function startSignIn(jar: CookieJar): Promise<string> {
    const { csrfToken } = await (await jar.fetch(`${base}/csrf`)).json()
    const res = await jar.fetch(`${base}/signin/corp`, form({ csrfToken, callbackUrl: `${running.url}/profile` }))
    expect(res.status).toBe(302)
    return res.headers.get("location")!
  }

  it("signs in, lands on the callback URL with a session, and the guarded route sees the user", async () => {
    const jar = new CookieJar()
    const authorizationUrl = new URL(await startSignIn(jar))
    expect(authorizationUrl.origin).toBe(idp.issuer)
    expect(authorizationUrl.searchParams.get("code_challenge_method")).toBe("S256")
    expect(authorizationUrl.searchParams.has("state")).toBe(true)
    expect(authorizationUrl.searchParams.has("nonce")).toBe(checks.includes("nonce" as never))
    expect(jar.names()).toEqual(expect.arrayContaining(["authjs.pkce.code_verifier", "authjs.state"]))

    const { callbackUrl } = await followAuthorization(authorizationUrl.href)
    const callback = await jar.fetch(callbackUrl)
    expect(callback.status).toBe(302)
    expect(callback.headers.get("location")).toBe(`${running.url}/profile`)
    expect(jar.get(SESSION)).toMatch(/^eyJ/)
    expect(jar.names()).not.toContain("authjs.pkce.code_verifier")
    expect(jar.names()).not.toContain("authjs.state")

    const profile = await jar.fetch(`${running.url}/profile`)
    expect(profile.status).toBe(200)
    expect(await profile.json()).toMatchObject({
      user: { name: "Alice Liddell", email: "alice@example.com", image: "https://example.com/alice.png" },
    })
    const session = await (await jar.fetch(`${base}/session`)).json()
    expect(session.user.email).toBe("alice@example.com")
  })

  /** The session cookie an answer sets with a value (a deletion has none). */
  const sessionSetBy = (res: Response) =>
    res.headers.getSetCookie().find((line) => line.startsWith(`${SESSION}=`) && !line.startsWith(`${SESSION}=;`))

  it("refuses to replay a callback (the checks are single use), granting no session", async () => {
    const jar = new CookieJar()
    const { callbackUrl } = await followAuthorization(await startSignIn(jar))
    // What the browser sends with the callback: its check cookies, valid for this very URL.
    const sent = jar.header(callbackUrl)!
    expect(sent).toContain("authjs.pkce.code_verifier=")
    expect(sent).toContain("authjs.state=")
    const first = await jar.fetch(callbackUrl)
    expect(first.status).toBe(302)
    expect(sessionSetBy(first)).toBeDefined()

    const refused = async (res: Response) => {
      expect(res.status).toBe(302)
      expect(res.headers.get("location")).toBe(`${base}/error?error=Configuration`)
      expect(sessionSetBy(res)).toBeUndefined()
    }
    // Control: the Cookie header alone, from another client, completes a callback not yet used.
    const control = new CookieJar()
    const unused = (await followAuthorization(await startSignIn(control))).callbackUrl
    expect(sessionSetBy(await new CookieJar().fetch(unused, { headers: { cookie: control.header(unused)! } }))).toBeDefined()
    // So replaying the original browser's cookies exactly as they went with the callback (stolen with
    // the URL, or a request sent twice) passes the check cookies: what refuses it is the used code.
    const thief = new CookieJar()
    await refused(await thief.fetch(callbackUrl, { headers: { cookie: sent } }))
    expect(thief.get(SESSION)).toBeUndefined()
    // The same browser again, with its cookies as they are now (the session, not the used checks).
    const session = jar.get(SESSION)
    await refused(await jar.fetch(callbackUrl))
    expect(jar.get(SESSION)).toBe(session)
    // And with no cookies at all.
    const stranger = new CookieJar()
    await refused(await stranger.fetch(callbackUrl))
    expect(stranger.get(SESSION)).toBeUndefined()
  })

  it("refuses a callback whose state belongs to another browser", async () => {
    const victim = new CookieJar()
    const attacker = new CookieJar()
    await startSignIn(victim)
    const { callbackUrl } = await followAuthorization(await startSignIn(attacker))
    const res = await victim.fetch(callbackUrl)
    expect(res.headers.get("location")).toBe(`${base}/error?error=Configuration`)
    expect(victim.get(SESSION)).toBeUndefined()
  })

  it("sends a denied consent to the sign-in page with OAuthCallbackError", async () => {
    const jar = new CookieJar()
    const { callbackUrl } = await followAuthorization(await startSignIn(jar), { deny: true })
    const res = await jar.fetch(callbackUrl)
    expect(res.headers.get("location")).toBe(`${base}/signin?error=OAuthCallbackError`)
    expect(jar.get(SESSION)).toBeUndefined()
  })

  it("answers a callback with a forged code as a Configuration error, never a 5xx", async () => {
    const jar = new CookieJar()
    const authorizationUrl = new URL(await startSignIn(jar))
    const state = authorizationUrl.searchParams.get("state")!
    const res = await jar.fetch(`${base}/callback/corp?code=forged&state=${encodeURIComponent(state)}&iss=${encodeURIComponent(idp.issuer)}`)
    expect(res.status).toBe(302)
    expect(res.headers.get("location")).toBe(`${base}/error?error=Configuration`)
    expect(jar.get(SESSION)).toBeUndefined()
  })
})
