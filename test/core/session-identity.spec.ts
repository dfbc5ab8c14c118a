import { afterEach, describe, expect, it, vi } from "vitest"
import { readBearerSession } from "../../lib/core/session/bearer-session.js"
import { resolveConfig } from "../../lib/core/config/resolve.js"
import { encode } from "../../lib/core/jwt/encode-decode.js"
import { encodeNextAuthV4 } from "../../lib/core/jwt/next-auth-v4.js"
import { readSession } from "../../lib/core/session/read-session.js"
import { v4Vectors as v } from "../utils/next-auth-v4-vectors.js"
import { AUTH_SECRET, recordingLogger, SESSION_COOKIE, testConfig } from "../utils/test-config.js"

const V4_COOKIE = "next-auth.session-token"
const plainHttp = { protocol: "http", headers: {} }

/**
 * A check cookie exactly as next-auth <= 4.24.4 writes it (lib/oauth/checks.ts): `jwt.encode` with the
 * session's unsalted key, `{ value }` as the only claim beside iat, exp and jti, 15 minutes.
 */
function v4CheckCookie(value: string): Promise<string> {
  return encodeNextAuthV4({ token: { value }, secret: v.secrets.main, maxAge: 15 * 60 })
}

function companion() {
  const log = recordingLogger()
  const config = resolveConfig({ providers: [], trustHost: true, secret: v.secrets.main, logger: log.logger, session: { issuedBy: "next-auth-v4" } }, {})
  return { config, ...log }
}

afterEach(() => vi.useRealTimers())

describe("a session needs an identity (CVE-2023-48309)", () => {
  it.each([
    ["PKCE verifier", "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"],
    ["state", "eyJyYW5kb20iOiJ4In0"],
    ["nonce", "n-0S6_WzA2Mj"],
  ])("refuses a next-auth 4.24.4 %s check cookie, as cookie and as bearer token", async (_kind, value) => {
    const { config, warnings } = companion()
    const check = await v4CheckCookie(value)
    expect((await readSession(config, { ...plainHttp, cookies: { [V4_COOKIE]: check } })).session).toBeNull()
    expect((await readBearerSession(config, plainHttp, check)).session).toBeNull()
    expect(warnings.filter((w) => w === "session-without-identity")).toHaveLength(2)
  })

  it("still reads v4 sessions with a sub, or with a user email and no sub", async () => {
    const { config } = companion()
    const withSub = await encodeNextAuthV4({ token: { sub: "u1" }, secret: v.secrets.main })
    const withEmail = await encodeNextAuthV4({ token: { email: "a@example.com" }, secret: v.secrets.main })
    expect((await readSession(config, { ...plainHttp, cookies: { [V4_COOKIE]: withSub } })).session).not.toBeNull()
    expect((await readBearerSession(config, plainHttp, withEmail)).session).toMatchObject({ user: { email: "a@example.com" } })
  })

  it("refuses tokens without sub, id or email in Auth.js mode too, and a value claim without sub", async () => {
    const log = recordingLogger()
    const config = testConfig({ logger: log.logger })
    for (const claims of [{}, { name: "Nobody" }, { value: "x" }, { value: "x", email: "a@example.com" }]) {
      const token = await encode({ token: claims, secret: AUTH_SECRET, salt: SESSION_COOKIE })
      expect((await readSession(config, { ...plainHttp, cookies: { [SESSION_COOKIE]: token } })).session, JSON.stringify(claims)).toBeNull()
      expect((await readBearerSession(config, plainHttp, token)).session).toBeNull()
    }
    const good = await encode({ token: { sub: "u1", value: "kept" }, secret: AUTH_SECRET, salt: SESSION_COOKIE })
    expect((await readSession(config, { ...plainHttp, cookies: { [SESSION_COOKIE]: good } })).session).not.toBeNull()
  })

  it("accepts a session whose session callback supplies the user's id", async () => {
    const config = testConfig({ callbacks: { session: ({ session }) => ({ ...session, user: { id: "from-callback" } }) } })
    const token = await encode({ token: { name: "No sub" }, secret: AUTH_SECRET, salt: SESSION_COOKIE })
    expect((await readSession(config, { ...plainHttp, cookies: { [SESSION_COOKIE]: token } })).session?.user).toEqual({ id: "from-callback" })
  })
})
