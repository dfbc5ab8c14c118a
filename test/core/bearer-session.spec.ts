import { describe, expect, it } from "vitest"
import type { Adapter, AdapterSession, AdapterUser } from "../../lib/core/vocabulary/adapter.js"
import { readBearerSession } from "../../lib/core/session/bearer-session.js"
import type { AuthConfig } from "../../lib/core/config/types.js"
import { encode } from "../../lib/core/jwt/encode-decode.js"
import GitHub from "../../lib/providers/github.js"
import { AUTH_SECRET, SECURE_SESSION_COOKIE, SESSION_COOKIE, recordingLogger, testConfig } from "../utils/test-config.js"

const plainHttp = { protocol: "http", headers: {} }
const behindHttps = { protocol: "http", headers: { "x-forwarded-proto": "https" } }

function configWith(overrides: Partial<AuthConfig> = {}) {
  const log = recordingLogger()
  return { config: testConfig({ logger: log.logger, ...overrides }), errors: log.errors, lines: log.lines }
}

const mint = (claims: Record<string, unknown>, salt = SESSION_COOKIE, maxAge?: number) =>
  encode({ token: claims, secret: AUTH_SECRET, salt, maxAge })

describe("readBearerSession (JWT sessions)", () => {
  it("reads a session cookie's value sent as a bearer token, through the jwt and session callbacks", async () => {
    const { config } = configWith({
      callbacks: {
        jwt: ({ token }) => ({ ...token, seen: true }),
        session: ({ session, token }) => ({ ...session, userId: token?.sub }),
      },
    })
    const token = await mint({ sub: "u1", name: "Ada", email: "ada@example.com" })
    const read = await readBearerSession(config, plainHttp, token)
    expect(read.session).toMatchObject({ user: { name: "Ada", email: "ada@example.com" }, userId: "u1" })
    expect(read.token).toMatchObject({ sub: "u1", seen: true })
    // The session ends when the token does: a bearer token is never rewritten.
    expect(read.session!.expires).toBe(new Date(read.token!.exp! * 1000).toISOString())
  })

  it("accepts the token of either session cookie name, whichever the request would carry", async () => {
    const { config } = configWith()
    const secureToken = await mint({ sub: "u1" }, SECURE_SESSION_COOKIE)
    const plainToken = await mint({ sub: "u2" })
    expect((await readBearerSession(config, plainHttp, secureToken)).token?.sub).toBe("u1")
    expect((await readBearerSession(config, behindHttps, plainToken)).token?.sub).toBe("u2")
  })

  it("grants nothing for garbage, an expired token or a foreign secret, and logs one warn line without the token", async () => {
    const expired = await mint({ sub: "u1" }, SESSION_COOKIE, -3600)
    const foreign = await encode({ token: { sub: "u1" }, secret: "another-secret-another-secret-42", salt: SESSION_COOKIE })
    for (const token of ["garbage", "eyJ.e30.x.y.z", expired, foreign]) {
      const { config, lines } = configWith()
      expect(await readBearerSession(config, plainHttp, token)).toEqual({ session: null, token: null })
      expect(lines.map((l) => l.level)).toEqual(["warn"])
      expect(lines[0]!.text).toMatch(/^refused-request: JWTSessionError/)
      expect(lines[0]!.text).not.toContain(token)
    }
  })

  it("grants nothing, silently, for an empty token", async () => {
    const { config, errors } = configWith()
    expect(await readBearerSession(config, plainHttp, "")).toEqual({ session: null, token: null })
    expect(errors).toEqual([])
  })

  it("ends the session when the jwt callback returns null (revocation), and when a callback throws", async () => {
    const token = await mint({ sub: "u1" })
    const revoking = configWith({ callbacks: { jwt: () => null } })
    expect(await readBearerSession(revoking.config, plainHttp, token)).toEqual({ session: null, token: null })
    const throwing = configWith({
      callbacks: {
        session: () => {
          throw new Error("session callback bug")
        },
      },
    })
    expect(await readBearerSession(throwing.config, plainHttp, token)).toEqual({ session: null, token: null })
    expect(throwing.errors).toHaveLength(1)
  })
})

describe("readBearerSession (database sessions)", () => {
  const user: AdapterUser = { id: "u1", email: "dana@example.com", name: "Dana", emailVerified: null }
  const stored: AdapterSession = { sessionToken: "tok-1", userId: "u1", expires: new Date(Date.now() + 3600_000) }

  function adapter(getSessionAndUser: Adapter["getSessionAndUser"]): Adapter {
    const unused = async () => {
      throw new Error("not used")
    }
    return {
      createUser: unused,
      getUser: unused,
      getUserByEmail: unused,
      getUserByAccount: unused,
      updateUser: unused,
      linkAccount: unused,
      createSession: unused,
      getSessionAndUser,
      updateSession: async () => null,
      deleteSession: async () => {},
    }
  }
  const github = GitHub({ clientId: "id", clientSecret: "secret" })

  it("takes the bearer token as the session token", async () => {
    const seen: string[] = []
    const { config } = configWith({
      providers: [github],
      adapter: adapter(async (token) => {
        seen.push(token)
        return token === stored.sessionToken ? { session: stored, user } : null
      }),
    })
    const read = await readBearerSession(config, plainHttp, "tok-1")
    expect(read.session?.user).toMatchObject({ email: "dana@example.com" })
    expect(read.token).toBeNull()
    expect((await readBearerSession(config, plainHttp, "tok-2")).session).toBeNull()
    expect(seen).toEqual(["tok-1", "tok-2"])
  })

  it("says the store is unavailable when the adapter fails, rather than granting or denying", async () => {
    const { config } = configWith({
      providers: [github],
      adapter: adapter(async () => {
        throw new Error("connection refused")
      }),
    })
    expect(await readBearerSession(config, plainHttp, "tok-1")).toEqual({ session: null, token: null, unavailable: true })
  })
})
