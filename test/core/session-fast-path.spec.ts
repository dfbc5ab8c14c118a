import { CompactEncrypt } from "jose"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { decode, encode } from "../../lib/core/jwt/encode-decode.js"
import { sessionKey } from "../../lib/core/jwt/derive-key.js"
import { readSession } from "../../lib/core/session/read-session.js"
import type { JWTDecodeParams } from "../../lib/core/config/session-options.js"
import { AUTH_SECRET, SESSION_COOKIE, recordingLogger, testConfig } from "../utils/test-config.js"

/*
 * With the built-in codec, readSession decodes the usual token shape synchronously and skips the
 * default jwt callback (#9). These tests hold that path to the general one: a custom codec that
 * only wraps `decode` forces every token through config.jwt.decode.
 */

const claims = { name: "Alice", email: "alice@example.com", picture: "https://example.com/a.png", sub: "u1" }
const cookieHeader = (value: string) => `a=1; ${SESSION_COOKIE}=${value}; b=2`
const input = (value: string) => ({ protocol: "http", headers: {}, cookieHeader: cookieHeader(value) })

function configs(overrides: Parameters<typeof testConfig>[0] = {}) {
  const logged = recordingLogger()
  const general = testConfig({
    ...overrides,
    logger: logged.logger,
    jwt: { encode, decode: (params: JWTDecodeParams) => decode(params) },
  })
  return { builtIn: testConfig({ ...overrides, logger: recordingLogger().logger }), general }
}

describe("readSession with the built-in codec (#9)", () => {
  it("reads the same session, token and cookies as through config.jwt.decode", async () => {
    const { builtIn, general } = configs()
    const token = await encode({ token: claims, secret: AUTH_SECRET, salt: SESSION_COOKIE })
    expect(builtIn.jwt.decode).toBe(decode)
    expect(general.jwt.decode).not.toBe(decode)
    const a = await readSession(builtIn, input(token))
    expect(a.session).toMatchObject({ user: { name: "Alice", email: "alice@example.com", image: claims.picture } })
    expect(a).toEqual(await readSession(general, input(token)))
  })

  it("still reads the shapes only jose reads (A256GCM)", async () => {
    const { builtIn } = configs()
    const key = sessionKey(AUTH_SECRET, SESSION_COOKIE, "A256GCM")
    const now = Math.floor(Date.now() / 1000)
    const token = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify({ ...claims, iat: now, exp: now + 60 })))
      .setProtectedHeader({ alg: "dir", enc: "A256GCM", kid: key.kid })
      .encrypt(key.bytes)
    expect((await readSession(builtIn, input(token))).session).toMatchObject({ user: { name: "Alice" } })
  })

  it("agrees with the general path on tampered, expired and foreign tokens", async () => {
    const { builtIn, general } = configs()
    const valid = await encode({ token: claims, secret: AUTH_SECRET, salt: SESSION_COOKIE })
    const expired = await encode({ token: claims, secret: AUTH_SECRET, salt: SESSION_COOKIE, maxAge: -60 })
    const foreign = await encode({ token: claims, secret: "another-secret-0123456789abcdefghijklmnop", salt: SESSION_COOKIE })
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(valid, expired, foreign), fc.nat(), fc.boolean(), async (base, at, tamper) => {
        const i = at % base.length
        const token = tamper && base[i] !== "." ? base.slice(0, i) + (base[i] === "A" ? "B" : "A") + base.slice(i + 1) : base
        const [a, b] = [await readSession(builtIn, input(token)), await readSession(general, input(token))]
        expect(a).toEqual(b)
      }),
      { numRuns: 60 },
    )
  })

  it("still runs a custom jwt callback, and its null ends the session", async () => {
    const { builtIn } = configs({ callbacks: { jwt: () => null } })
    const token = await encode({ token: claims, secret: AUTH_SECRET, salt: SESSION_COOKIE })
    const result = await readSession(builtIn, input(token))
    expect(result.session).toBeNull()
    expect(result.cookies[0]).toMatchObject({ name: SESSION_COOKIE, value: "" })
  })

  it("awaits an async session callback and takes a sync one as is", async () => {
    const token = await encode({ token: claims, secret: AUTH_SECRET, salt: SESSION_COOKIE })
    const sync = configs({ callbacks: { session: ({ session }) => ({ ...session, via: "sync" }) } }).builtIn
    const async = configs({ callbacks: { session: async ({ session }) => ({ ...session, via: "async" }) } }).builtIn
    expect((await readSession(sync, input(token))).session).toMatchObject({ via: "sync" })
    expect((await readSession(async, input(token))).session).toMatchObject({ via: "async" })
  })
})
