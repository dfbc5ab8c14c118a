// private_key_jwt and client_secret_jwt (RFC 7523) against oidc-provider clients registered with
// each method: the IdP verifies every assertion itself, at the token endpoint (code exchange and
// refresh) and at the revocation endpoint (sign-out).
import { webcrypto } from "node:crypto"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { decode, encode } from "../../../lib/core/jwt/encode-decode.js"
import type { CustomFetch } from "../../../lib/index.js"
import { CookieJar } from "../../utils/cookie-jar.js"
import { browseIdp, idpRouter } from "../../utils/oidc/index.js"
import { TEST_SECRET } from "../../utils/nest-auth-config.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { signOut } from "../../utils/oidc-sign-in.js"
import { startOidcStandIn, type OidcStandIn } from "../../utils/oidc/index.js"
import { clientAssertionAppModule, ISSUER } from "./app.module.js"

const COOKIE = "authjs.session-token"
const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
const routes: Record<string, string> = {}
const router = idpRouter(routes)
/** What the IdP answered at its token and revocation endpoints. */
const answers: Array<{ path: string; status: number; body: Record<string, unknown> }> = []
const recording: CustomFetch = async (input, init) => {
  const res = await router.fetch(input, init)
  const path = new URL(input).pathname
  if (path.startsWith("/token")) {
    const text = await res.clone().text()
    answers.push({ path, status: res.status, body: text ? JSON.parse(text) : {} })
  }
  return res
}
const errors: Error[] = []
let running: RunningApp
let idp: OidcStandIn

beforeAll(async () => {
  const sign = { name: "ECDSA", namedCurve: "P-256" }
  const right = await webcrypto.subtle.generateKey(sign, true, ["sign", "verify"])
  const wrong = await webcrypto.subtle.generateKey(sign, true, ["sign", "verify"])
  const publicJwk = await webcrypto.subtle.exportKey("jwk", right.publicKey)
  running = await startApp(
    clientAssertionAppModule(recording, { right: { key: right.privateKey, kid: "pk-1" }, wrong: wrong.privateKey }, errors),
  )
  const callbacks = (...ids: string[]) => ids.map((id) => `${running.url}/auth/callback/${id}`)
  idp = await startOidcStandIn({
    issuer: ISSUER,
    clients: [
      {
        client_id: "pk-app",
        token_endpoint_auth_method: "private_key_jwt",
        jwks: { keys: [{ ...publicJwk, kid: "pk-1", use: "sig", alg: "ES256" }] },
        redirect_uris: callbacks("pkjwt", "pkjwt-wrong"),
      },
      {
        client_id: "sec-app",
        client_secret: "sec-app-secret-0123456789abcdef0123456789",
        token_endpoint_auth_method: "client_secret_jwt",
        redirect_uris: callbacks("secjwt", "secjwt-wrong"),
      },
    ],
    account: { sub: "u-7", name: "Ada", email: "ada@corp.example" },
    claims: { profile: ["name"], email: ["email"] },
    refreshTokens: true,
  })
  routes[ISSUER] = idp.origin
})
afterAll(async () => {
  await running?.app.close()
  await idp?.stop()
})

/** CSRF, POST signin/<provider>, the IdP, then our callback's answer. */
async function signIn(provider: string): Promise<{ jar: CookieJar; callback: Response }> {
  const jar = new CookieJar()
  const { csrfToken } = (await (await jar.fetch(`${running.url}/auth/csrf`)).json()) as { csrfToken: string }
  const start = await jar.fetch(`${running.url}/auth/signin/${provider}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, callbackUrl: `${running.url}/me` }).toString(),
  })
  const { callbackUrl } = await browseIdp(router, start.headers.get("location") ?? "")
  return { jar, callback: await jar.fetch(callbackUrl) }
}

/** The jar's session cookie re-encoded with `changes` (e.g. an expired access token). */
async function changedCookie(jar: CookieJar, changes: Record<string, unknown>): Promise<string> {
  const token = await decode({ token: jar.get(COOKIE), secret: TEST_SECRET, salt: COOKIE })
  return `${COOKIE}=${await encode({ token: { ...token, ...changes }, secret: TEST_SECRET, salt: COOKIE })}`
}

/** The last request the app sent to an IdP path, with its form body. */
function lastRequestTo(path: string) {
  const request = router.requests.filter((r) => r.url.pathname === path).at(-1)
  return { headers: request?.headers, body: new URLSearchParams(request?.body ?? "") }
}

function claimsOf(jwt: string | null) {
  const [header = "", payload = ""] = (jwt ?? "").split(".")
  const part = (text: string) => JSON.parse(Buffer.from(text, "base64url").toString("utf8"))
  return { header: part(header), payload: part(payload) }
}

describe.each([
  { method: "private_key_jwt", id: "pkjwt", clientId: "pk-app", alg: "ES256" },
  { method: "client_secret_jwt", id: "secjwt", clientId: "sec-app", alg: "HS256" },
])("$method at the token and revocation endpoints", ({ method, id, clientId, alg }) => {
  function expectAssertion(path: string) {
    const { headers, body } = lastRequestTo(path)
    expect(headers?.get("authorization")).toBeNull()
    expect(body.get("client_secret")).toBeNull()
    expect(body.get("client_id")).toBe(clientId)
    expect(body.get("client_assertion_type")).toBe(JWT_BEARER)
    const { header, payload } = claimsOf(body.get("client_assertion"))
    expect(header.alg).toBe(alg)
    expect(payload).toMatchObject({ iss: clientId, sub: clientId })
    if (method === "private_key_jwt") {
      expect(header.kid).toBe("pk-1")
      expect(payload.aud).toEqual([ISSUER, `${ISSUER}/token`])
    } else {
      expect(payload.aud).toBe(ISSUER)
    }
    expect(answers.at(-1)?.status).toBe(200)
  }

  it("signs in: the code exchange carries an assertion the IdP accepted", async () => {
    const { jar, callback } = await signIn(id)
    expect(callback.headers.get("location")).toBe(`${running.url}/me`)
    expectAssertion("/token")
    expect(await (await jar.fetch(`${running.url}/me`)).json()).toMatchObject({ user: { name: "Ada" }, provider: id })
  })

  it("refreshes an expired access token with an assertion", async () => {
    const { jar } = await signIn(id)
    const before = ((await (await jar.fetch(`${running.url}/me`)).json()) as { accessToken: string }).accessToken
    const res = await fetch(`${running.url}/me`, { headers: { cookie: await changedCookie(jar, { expires_at: 1 }) } })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { accessToken: string; error?: string }
    expect(body.error).toBeUndefined()
    expect(body.accessToken).not.toBe(before)
    expect(new URLSearchParams(router.requests.at(-1)?.body).get("grant_type")).toBe("refresh_token")
    expectAssertion("/token")
  })

  it("revokes the refresh token on sign-out with an assertion", async () => {
    const { jar } = await signIn(id)
    const logged = errors.length
    const out = await signOut(jar, running.url)
    expect(out.status).toBe(302)
    expect(jar.get(COOKIE)).toBeUndefined()
    expect(lastRequestTo("/token/revocation").body.get("token_type_hint")).toBe("refresh_token")
    expectAssertion("/token/revocation")
    expect(errors.slice(logged)).toEqual([])
  })
})

describe.each([
  { what: "a private key the IdP does not know", id: "pkjwt-wrong", signedInWith: "pkjwt" },
  { what: "a wrong client secret", id: "secjwt-wrong", signedInWith: "secjwt" },
])("$what: invalid_client at the IdP, a clean Auth.js error here", ({ id, signedInWith }) => {
  it("sign-in ends on the error page (Configuration), without a session or a 5xx", async () => {
    const { jar, callback } = await signIn(id)
    expect(callback.status).toBe(302)
    expect(callback.headers.get("location")).toBe(`${running.url}/auth/error?error=Configuration`)
    expect(answers.at(-1)).toMatchObject({ path: "/token", status: 401, body: { error: "invalid_client" } })
    expect(jar.get(COOKIE)).toBeUndefined()
    expect((await jar.fetch(`${running.url}/me`)).status).toBe(401)
  })

  it("a refresh keeps the session and reports RefreshTokenError, without a 5xx", async () => {
    const { jar } = await signIn(signedInWith)
    const cookie = await changedCookie(jar, { provider: id, expires_at: 1 })
    const res = await fetch(`${running.url}/me`, { headers: { cookie } })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ error: "RefreshTokenError", user: { name: "Ada" } })
    expect(answers.at(-1)).toMatchObject({ path: "/token", status: 401, body: { error: "invalid_client" } })
  })

  it("sign-out still signs out locally and logs the refused revocation", async () => {
    const { jar } = await signIn(signedInWith)
    const cookie = await changedCookie(jar, { provider: id })
    const logged = errors.length
    const { csrfToken } = (await (await jar.fetch(`${running.url}/auth/csrf`)).json()) as { csrfToken: string }
    const out = await fetch(`${running.url}/auth/signout`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: `${cookie}; ${jar.header(running.url)}` },
      body: new URLSearchParams({ csrfToken }).toString(),
    })
    expect(out.status).toBe(302)
    expect(out.headers.getSetCookie().some((c) => c.startsWith(`${COOKIE}=;`))).toBe(true)
    expect(answers.at(-1)).toMatchObject({ path: "/token/revocation", status: 401, body: { error: "invalid_client" } })
    expect(errors.slice(logged).map((e) => e.message)).toEqual([expect.stringContaining(`Could not revoke the refresh_token at provider ${id}`)])
  })
})
