// The refresh runs in the guard's session read: an API call with an expired access token gets
// a fresh one, and the refreshed session cookie comes back on that same response.
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { decode, encode } from "../../../lib/core/jwt/encode-decode.js"
import { CookieJar } from "../../utils/cookie-jar.js"
import { browseIdp, idpRouter, type OidcStandIn, startOidcStandIn } from "../../utils/oidc/index.js"
import { TEST_SECRET } from "../../utils/nest-auth-config.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { tokenRefreshAppModule } from "./app.module.js"

const COOKIE = "authjs.session-token"
const routes: Record<string, string> = {}
const router = idpRouter(routes)
let running: RunningApp
let keycloak: OidcStandIn

beforeAll(async () => {
  running = await startApp(tokenRefreshAppModule(router.fetch))
  keycloak = await startOidcStandIn({
    issuer: "https://sso.example.com/realms/acme",
    clients: [{ client_id: "app", client_secret: "app-secret", redirect_uris: [`${running.url}/auth/callback/keycloak`] }],
    account: { sub: "u-9", name: "Noor", email: "noor@acme.example" },
    claims: { profile: ["name"], email: ["email"] },
    routes: { authorization: "/protocol/openid-connect/auth", token: "/protocol/openid-connect/token" },
    refreshTokens: true,
  })
  routes["https://sso.example.com"] = keycloak.origin
})
afterAll(async () => {
  await running.app.close()
  await keycloak.stop()
})

async function signIn(): Promise<CookieJar> {
  const jar = new CookieJar()
  const { csrfToken } = (await (await jar.fetch(`${running.url}/auth/csrf`)).json()) as { csrfToken: string }
  const start = await jar.fetch(`${running.url}/auth/signin/keycloak`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, callbackUrl: `${running.url}/me` }).toString(),
  })
  const { callbackUrl } = await browseIdp(router, start.headers.get("location") ?? "")
  const back = await jar.fetch(callbackUrl)
  expect(back.headers.get("location")).toBe(`${running.url}/me`)
  return jar
}

/** A Cookie header with the jar's session, its access token marked expired. */
async function expiredCookie(jar: CookieJar): Promise<string> {
  const token = await decode({ token: jar.get(COOKIE), secret: TEST_SECRET, salt: COOKIE })
  const expired = await encode({ token: { ...token, expires_at: 1 }, secret: TEST_SECRET, salt: COOKIE })
  return `${COOKIE}=${expired}`
}

const refreshes = () =>
  router.requests.filter((r) => new URLSearchParams(r.body).get("grant_type") === "refresh_token").length

describe("GET /me behind AuthGuard with tokens.refresh", () => {
  it("refreshes an expired access token and sends the new session cookie with the answer", async () => {
    const jar = await signIn()
    const first = (await (await jar.fetch(`${running.url}/me`)).json()) as { accessToken: string }
    const before = refreshes()

    const res = await fetch(`${running.url}/me`, { headers: { cookie: await expiredCookie(jar) } })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { accessToken: string; error?: string }
    expect(body.accessToken).toEqual(expect.any(String))
    expect(body.accessToken).not.toBe(first.accessToken)
    expect(body.error).toBeUndefined()
    expect(refreshes()).toBe(before + 1)
    const renewed = res.headers.getSetCookie().find((line) => line.startsWith(`${COOKIE}=`))
    const claims = await decode({ token: renewed?.split(";")[0]?.slice(COOKIE.length + 1), secret: TEST_SECRET, salt: COOKIE })
    expect(claims?.access_token).toBe(body.accessToken)
  })

  it("refreshes once for parallel API calls with the same expired cookie", async () => {
    const jar = await signIn()
    const cookie = await expiredCookie(jar)
    const before = refreshes()
    const answers = await Promise.all([1, 2, 3, 4].map(() => fetch(`${running.url}/me`, { headers: { cookie } })))
    const tokens = await Promise.all(answers.map(async (r) => ((await r.json()) as { accessToken: string }).accessToken))
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200])
    expect(new Set(tokens).size).toBe(1)
    expect(refreshes()).toBe(before + 1)
  })
})
