import { describe, expect, it } from "vitest"
import { encode } from "../../lib/core/jwt/encode-decode.js"
import { readSession } from "../../lib/core/session/read-session.js"
import Credentials from "../../lib/providers/credentials.js"
import { applyCookies, getCsrf, makeAuthRequest } from "../utils/make-auth-request.js"
import { AUTH_SECRET, aliceCredentials, SESSION_COOKIE, testConfig } from "../utils/test-config.js"

/** Every line the engine logs, with its level; warn lines as the one line an operator's log shows. */
function logged() {
  const lines: Array<{ level: "error" | "warn"; text: string; stack?: string }> = []
  const logger = {
    error: (e: Error) => void lines.push({ level: "error", text: `${e.name}: ${e.message}`, stack: e.stack }),
    warn: (code: string, detail?: string | Record<string, unknown>) =>
      void lines.push({ level: "warn", text: typeof detail === "string" ? `${code}: ${detail}` : code }),
    debug: () => {},
  }
  return { lines, logger }
}

const plainOAuth = {
  id: "plain",
  name: "Plain",
  type: "oauth" as const,
  checks: ["state" as const],
  authorization: "https://idp.example/authorize",
  token: "https://idp.example/token",
  userinfo: "https://idp.example/me",
  clientId: "c",
  clientSecret: "s",
}

function expectOneWarnLine(lines: ReturnType<typeof logged>["lines"], pattern: RegExp) {
  expect(lines.map((l) => l.level)).toEqual(["warn"])
  expect(lines[0]!.text).toMatch(pattern)
  expect(lines[0]!.text).not.toMatch(/\n|\s+at\s/)
}

describe("log levels: a client's mistake is one warn line, a server fault an error with its stack", () => {
  it("a wrong password", async () => {
    const { lines, logger } = logged()
    const config = testConfig({ logger })
    const { token, jar } = await getCsrf(config)
    await makeAuthRequest(config, { method: "POST", action: "callback", providerId: "credentials", cookies: jar, body: { csrfToken: token, username: "alice", password: "wrong" } })
    expectOneWarnLine(lines, /CredentialsSignin/)
  })

  it("a bad CSRF token", async () => {
    const { lines, logger } = logged()
    const config = testConfig({ logger })
    const { jar } = await getCsrf(config)
    await makeAuthRequest(config, { method: "POST", action: "signin", providerId: "credentials", cookies: jar, body: { csrfToken: "forged" } })
    expectOneWarnLine(lines, /MissingCSRF/)
  })

  it.each([
    ["garbage", async () => "not-a-token"],
    ["expired", async () => encode({ token: { sub: "u1" }, secret: AUTH_SECRET, salt: SESSION_COOKIE, maxAge: -3600 })],
    ["foreign", async () => encode({ token: { sub: "u1" }, secret: "some-other-secret-0123456789abcdefghij", salt: SESSION_COOKIE })],
  ])("a %s session cookie", async (_name, make) => {
    const { lines, logger } = logged()
    const read = await readSession(testConfig({ logger }), { protocol: "http", headers: {}, cookies: { [SESSION_COOKIE]: await make() } })
    expect(read.session).toBeNull()
    expectOneWarnLine(lines, /JWTSessionError/)
  })

  it("a state that does not match the pending sign-in", async () => {
    const { lines, logger } = logged()
    const config = testConfig({ logger, providers: [plainOAuth] })
    const { token, jar } = await getCsrf(config)
    const start = await makeAuthRequest(config, { method: "POST", action: "signin", providerId: "plain", cookies: jar, body: { csrfToken: token } })
    expect(start.status).toBe(302)
    const cookies = applyCookies(jar, start.cookies)
    await makeAuthRequest(config, { action: "callback", providerId: "plain", cookies, query: { code: "c", state: "not-the-state" } })
    expectOneWarnLine(lines, /InvalidCheck.*state/)
  })

  it("a server fault (authorize throws) stays an error, with its stack", async () => {
    const { lines, logger } = logged()
    const broken = Credentials({ credentials: { username: {} }, authorize: () => { throw new Error("database is down") } })
    const config = testConfig({ logger, providers: [broken, aliceCredentials].slice(0, 1) })
    const { token, jar } = await getCsrf(config)
    await makeAuthRequest(config, { method: "POST", action: "callback", providerId: "credentials", cookies: jar, body: { csrfToken: token, username: "x" } })
    expect(lines.map((l) => l.level)).toEqual(["error"])
    expect(lines[0]!.stack).toMatch(/\s+at\s/)
  })
})
