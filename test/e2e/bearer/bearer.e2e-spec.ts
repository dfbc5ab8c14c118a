import { encode as authjsEncode } from "@auth/core/jwt"
import { UnstorageAdapter } from "@auth/unstorage-adapter"
import { createStorage } from "unstorage"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { Adapter, AdapterUser } from "../../../lib/core/vocabulary/adapter.js"
import { decode, encode } from "../../../lib/jwt.js"
import GitHub from "../../../lib/providers/github.js"
import { createTestSession } from "../../../lib/testing.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { TEST_SECRET } from "../../utils/nest-auth-config.js"
import { REVOKED_USER, bearerModule } from "./app.module.js"

const alice = { id: "u-alice", name: "Alice", email: "alice@example.com", accessToken: "upstream-access-token" }
const PLAIN = "authjs.session-token"

function call(url: string, headers: Record<string, string> = {}, method = "GET") {
  return fetch(url, {
    method,
    headers: { accept: "application/json", ...headers },
    redirect: "manual",
    signal: AbortSignal.timeout(10_000),
  })
}

describe("bearer tokens (bearer: true), JWT sessions", () => {
  let running: RunningApp
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

  beforeAll(async () => {
    running = await startApp(bearerModule({ session: { updateAge: 0 }, logger: { error: () => {} } }))
  })
  afterAll(async () => {
    await running?.app.close()
  })

  it("accepts Authorization: Bearer and hands the decoded JWT to AuthService.getToken", async () => {
    const { authorization } = await createTestSession(running.app, alice)
    const response = await call(`${running.url}/me`, { authorization })
    expect(response.status).toBe(200)
    const body = await response.json()
    expect(body.email).toBe(alice.email)
    expect(body.token).toMatchObject({ sub: alice.id, email: alice.email, access_token: alice.accessToken })
    expect(typeof body.token.exp).toBe("number")
  })

  it("never writes cookies on a bearer request, even when the sliding refresh is due", async () => {
    const { authorization } = await createTestSession(running.app, alice)
    const response = await call(`${running.url}/me`, { authorization })
    expect(response.status).toBe(200)
    expect(response.headers.getSetCookie()).toEqual([])
  })

  it("issues a token to a signed-in user that works as a bearer token, with the session's lifetime", async () => {
    const { cookie } = await createTestSession(running.app, alice)
    const before = Date.now()
    const issued = await call(`${running.url}/token`, { cookie }, "POST")
    expect(issued.status).toBe(201)
    const { token, expires } = (await issued.json()) as { token: string; expires: string }
    const thirtyDays = 30 * 24 * 3600 * 1000
    expect(Date.parse(expires)).toBeGreaterThanOrEqual(before + thirtyDays - 1000)
    const claims = await decode({ token, secret: TEST_SECRET, salt: PLAIN })
    expect(claims).toMatchObject({ sub: alice.id, access_token: alice.accessToken })
    expect(claims!.exp! * 1000).toBeCloseTo(Date.parse(expires), -4)

    const me = await call(`${running.url}/me`, bearer(token))
    expect(me.status).toBe(200)
    expect((await me.json()).email).toBe(alice.email)
  })

  it("issues nothing without a session", async () => {
    const response = await call(`${running.url}/token-anyone`, {}, "POST")
    expect(await response.json()).toEqual({ issued: null })
  })

  it("accepts a session cookie value minted by Auth.js itself as a bearer token", async () => {
    const token = await authjsEncode({ token: { sub: alice.id, email: alice.email }, secret: TEST_SECRET, salt: PLAIN })
    expect((await call(`${running.url}/me`, bearer(token))).status).toBe(200)
  })

  it("accepts a token made for the __Secure- cookie on this plain-http API (a front end on https)", async () => {
    const token = await encode({ token: { sub: alice.id, email: alice.email }, secret: TEST_SECRET, salt: `__Secure-${PLAIN}` })
    expect((await call(`${running.url}/me`, bearer(token))).status).toBe(200)
  })

  it("answers garbage with 401, WWW-Authenticate invalid_token, a JSON body and no cookies", async () => {
    for (const header of ["Bearer garbage", "Bearer eyJ.a.b.c.d", "bearer %%%", "Bearer ", `Bearer ${"x".repeat(12_000)}`]) {
      const response = await call(`${running.url}/me`, { authorization: header })
      expect(response.status, header.slice(0, 20)).toBe(401)
      expect(response.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"')
      expect(await response.json()).toEqual({ statusCode: 401, message: "Unauthorized" })
      expect(response.headers.getSetCookie()).toEqual([])
    }
  })

  it("names the scheme when no credentials came at all", async () => {
    const response = await call(`${running.url}/me`)
    expect(response.status).toBe(401)
    expect(response.headers.get("www-authenticate")).toBe("Bearer")
  })

  it("refuses an expired token and a revoked user's token", async () => {
    const expired = await encode({ token: { sub: alice.id }, secret: TEST_SECRET, salt: PLAIN, maxAge: -3600 })
    expect((await call(`${running.url}/me`, bearer(expired))).status).toBe(401)
    const revoked = await encode({ token: { sub: REVOKED_USER }, secret: TEST_SECRET, salt: PLAIN })
    expect((await call(`${running.url}/me`, bearer(revoked))).status).toBe(401)
  })

  it("judges a request by its bearer token alone, whatever its cookie says", async () => {
    const session = await createTestSession(running.app, alice)
    const badBearer = await call(`${running.url}/me`, { cookie: session.cookie, authorization: "Bearer nope" })
    expect(badBearer.status).toBe(401)
    const badCookie = await call(`${running.url}/me`, { cookie: `${PLAIN}=garbage`, authorization: session.authorization })
    expect(badCookie.status).toBe(200)
    expect(badCookie.headers.getSetCookie()).toEqual([])
  })

  it("never redirects a bearer request to the sign-in page", async () => {
    const response = await call(`${running.url}/me`, { accept: "text/html", authorization: "Bearer nope" })
    expect(response.status).toBe(401)
  })
})

describe("bearer tokens, off (the default)", () => {
  let running: RunningApp
  beforeAll(async () => {
    running = await startApp(bearerModule({ bearer: false }))
  })
  afterAll(async () => {
    await running?.app.close()
  })

  it("ignores Authorization: Bearer", async () => {
    const { authorization, cookie } = await createTestSession(running.app, alice)
    const response = await call(`${running.url}/me`, { authorization })
    expect(response.status).toBe(401)
    expect(response.headers.get("www-authenticate")).toBeNull()
    expect((await call(`${running.url}/me`, { cookie })).status).toBe(200)
  })
})

describe("bearer tokens, database sessions", () => {
  let running: RunningApp
  let adapter: Adapter
  let user: AdapterUser

  beforeAll(async () => {
    adapter = UnstorageAdapter(createStorage()) as unknown as Adapter
    user = await adapter.createUser!({ id: "", name: "Dana", email: "dana@example.com", emailVerified: null })
    // A database session needs a provider other than credentials.
    running = await startApp(bearerModule({ adapter, providers: [GitHub({ clientId: "id", clientSecret: "secret" })] }))
  })
  afterAll(async () => {
    await running?.app.close()
  })

  it("takes the session token as the bearer token, issues that same token, and stops at its deletion", async () => {
    const session = await createTestSession(running.app, user)
    expect(session.cookie).toBe(`${PLAIN}=${session.token}`)
    const me = await call(`${running.url}/me`, { authorization: session.authorization })
    expect(me.status).toBe(200)
    expect(await me.json()).toEqual({ email: user.email, token: null })

    const issued = await call(`${running.url}/token`, { cookie: session.cookie }, "POST")
    expect((await issued.json()).token).toBe(session.token)
    const viaBearer = await call(`${running.url}/token`, { authorization: session.authorization }, "POST")
    expect((await viaBearer.json()).token).toBe(session.token)

    await adapter.deleteSession!(session.token)
    expect((await call(`${running.url}/me`, { authorization: session.authorization })).status).toBe(401)
  })

  it("answers an unknown session token with 401", async () => {
    expect((await call(`${running.url}/me`, { authorization: "Bearer not-a-session" })).status).toBe(401)
  })
})
