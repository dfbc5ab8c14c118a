import { afterEach, describe, expect, it, vi } from "vitest"
import { readBearerSession } from "../../lib/core/session/bearer-session.js"
import { resolveConfig } from "../../lib/core/config/resolve.js"
import type { AuthConfig } from "../../lib/core/config/types.js"
import { encodeNextAuthV4 } from "../../lib/core/jwt/next-auth-v4.js"
import { readSession } from "../../lib/core/session/read-session.js"
import { MemoryAdapter } from "../../lib/adapters/memory-adapter.js"
import { makeAuthRequest } from "../utils/make-auth-request.js"
import { v4Vectors as v } from "../utils/next-auth-v4-vectors.js"
import { aliceCredentials, recordingLogger } from "../utils/test-config.js"

const V4_COOKIE = "next-auth.session-token"
const plainHttp = { protocol: "http", headers: {} }

function companion(overrides: Partial<AuthConfig> = {}, env: Record<string, string> = {}) {
  const log = recordingLogger()
  const config = resolveConfig(
    { providers: [], trustHost: true, secret: v.secrets.main, logger: log.logger, ...overrides, session: { issuedBy: "next-auth-v4", ...overrides.session } },
    env,
  )
  return { config, ...log }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('session.issuedBy "next-auth-v4": configuration', () => {
  it("reads next-auth.session-token, with the __Secure- prefix on https", () => {
    const { config } = companion()
    expect(config.cookies.plain.sessionToken.name).toBe(V4_COOKIE)
    expect(config.cookies.secure.sessionToken.name).toBe(`__Secure-${V4_COOKIE}`)
    expect(config.session).toMatchObject({ strategy: "jwt", issuedBy: "next-auth-v4" })
  })

  it("keeps a renamed session cookie, as a v4 app with cookies.sessionToken.name has", () => {
    const { config } = companion({ cookies: { sessionToken: { name: "app.session" } } })
    expect(config.cookies.plain.sessionToken.name).toBe("app.session")
  })

  it("takes NEXTAUTH_SECRET, then AUTH_SECRET, as NextAuth v4 does; an explicit secret wins", () => {
    const env = { NEXTAUTH_SECRET: "from-nextauth", AUTH_SECRET: "from-auth" }
    expect(companion({ secret: undefined }, env).config.secrets).toEqual(["from-nextauth"])
    expect(companion({ secret: undefined }, { AUTH_SECRET: "from-auth" }).config.secrets).toEqual(["from-auth"])
    expect(companion({ secret: ["new", "old"] }, env).config.secrets).toEqual(["new", "old"])
    expect(() => companion({ secret: undefined }, {})).toThrow(/secret/i)
  })

  it("says at start-up that this API signs nobody in", () => {
    expect(companion().warnings).toEqual(["read-only-sessions"])
  })

  it("fails start-up when the config would also sign people in here, or keep database sessions", () => {
    expect(() => companion({ providers: [aliceCredentials] })).toThrow(/providers must be empty/)
    expect(() => companion({ session: { strategy: "database" }, adapter: MemoryAdapter() })).toThrow(/strategy "database"/)
    expect(() => companion({ session: { issuedBy: "next-auth-v3" as never } })).toThrow(/session.issuedBy must be "next-auth-v4"/)
  })

  it("reads JWT cookies even with an adapter, which would otherwise mean database sessions", () => {
    expect(companion({ adapter: MemoryAdapter() }).config.session.strategy).toBe("jwt")
  })
})

describe('session.issuedBy "next-auth-v4": reading sessions', () => {
  it("reads a v4 session cookie through the jwt and session callbacks, expiring at the token's exp", async () => {
    vi.useFakeTimers({ toFake: ["Date"] })
    vi.setSystemTime((v.recorded_at + 5) * 1000)
    const { config } = companion({
      callbacks: {
        jwt: ({ token }) => ({ ...token, seen: true }),
        session: ({ session, token }) => ({ ...session, user: { ...session.user, id: token?.sub, role: token?.role } }),
      },
    })
    const read = await readSession(config, { ...plainHttp, cookies: { [V4_COOKIE]: v.tokens.main } })
    expect(read.session).toMatchObject({ user: { id: "user-ada", name: "Ada Lovelace", email: "ada@example.com", role: "admin" } })
    expect(read.token).toMatchObject({ sub: "user-ada", seen: true })
    expect(read.session!.expires).toBe(new Date(read.token!.exp! * 1000).toISOString())
    expect(read.cookies).toEqual([])
  })

  it("reads chunked v4 cookies from a raw Cookie header", async () => {
    vi.useFakeTimers({ toFake: ["Date"] })
    vi.setSystemTime((v.recorded_at + 5) * 1000)
    const { config } = companion()
    const cookieHeader = ["theme=dark", ...v.big_chunks.map((c) => `${c.name}=${c.value}`)].join("; ")
    const read = await readSession(config, { ...plainHttp, cookieHeader })
    expect(read.token).toMatchObject({ sub: "user-ada", notes: "difference engine ".repeat(400) })
  })

  it("reads the __Secure- cookie behind an https proxy, and only that one", async () => {
    const { config } = companion()
    const token = await encodeNextAuthV4({ token: { sub: "u1" }, secret: v.secrets.main })
    const https = { protocol: "http", headers: { "x-forwarded-proto": "https" } }
    expect((await readSession(config, { ...https, cookies: { [`__Secure-${V4_COOKIE}`]: token } })).token?.sub).toBe("u1")
    expect((await readSession(config, { ...https, cookies: { [V4_COOKIE]: token } })).session).toBeNull()
  })

  it("writes no cookie: not for an old session, a refused one, or an unreadable one", async () => {
    const { config, lines } = companion({ session: { updateAge: 0 }, callbacks: { jwt: ({ token }) => (token.sub === "banned" ? null : token) } })
    const old = await encodeNextAuthV4({ token: { sub: "u1" }, secret: v.secrets.main })
    const banned = await encodeNextAuthV4({ token: { sub: "banned" }, secret: v.secrets.main })
    for (const [value, signedIn] of [[old, true], [banned, false], [`${old}x`, false], [v.tokens.other, false]] as const) {
      const read = await readSession(config, { ...plainHttp, cookies: { [V4_COOKIE]: value } })
      expect(read.session !== null).toBe(signedIn)
      expect(read.cookies).toEqual([])
    }
    expect(lines.filter((l) => l.text !== "read-only-sessions").map((l) => l.text.slice(0, 33))).toEqual(["refused-request: JWTSessionError:", "refused-request: JWTSessionError:"])
  })

  it("does not read Auth.js's cookie or its tokens", async () => {
    const { config } = companion()
    const token = await encodeNextAuthV4({ token: { sub: "u1" }, secret: v.secrets.main })
    expect((await readSession(config, { ...plainHttp, cookies: { "authjs.session-token": token } })).session).toBeNull()
  })

  it("reads a v4 token sent as a bearer token", async () => {
    const { config } = companion()
    const token = await encodeNextAuthV4({ token: { sub: "u1", name: "Ada" }, secret: v.secrets.main })
    const read = await readBearerSession(config, plainHttp, token)
    expect(read.session).toMatchObject({ user: { name: "Ada" } })
    expect((await readBearerSession(config, plainHttp, `${token}x`)).session).toBeNull()
  })
})

describe('session.issuedBy "next-auth-v4": the auth routes', () => {
  it.each([
    ["GET", "signin"],
    ["POST", "signin"],
    ["POST", "callback"],
    ["GET", "session"],
    ["POST", "session"],
    ["GET", "csrf"],
    ["POST", "signout"],
    ["GET", "providers"],
    ["DELETE", "nonsense"],
  ])("answers %s %s with 404, naming where to sign in, and sets no cookie", async (method, action) => {
    const { config } = companion()
    const token = await encodeNextAuthV4({ token: { sub: "u1" }, secret: v.secrets.main })
    const res = await makeAuthRequest(config, { method, action, cookies: { [V4_COOKIE]: token } })
    expect(res.status).toBe(404)
    expect(res.cookies).toEqual([])
    expect(res.body).toMatchObject({ statusCode: 404, message: expect.stringMatching(/Next\.js app.*sign in there/) })
  })
})
