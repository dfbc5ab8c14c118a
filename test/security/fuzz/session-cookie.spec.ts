// The session-cookie decoder, fuzzed through both doors: the guard's `readSession` (raw Cookie
// header, chunks included) and `GET <basePath>/session`. Hostile cookies never throw and never
// yield a session; a genuine token yields exactly its own claims, however it is chunked.
import fc from "fast-check"
import { beforeAll, describe, expect, it } from "vitest"
import type { ResolvedConfig } from "../../../lib/core/config/types.js"
import { parseCookieHeader } from "../../../lib/core/cookies.js"
import { decode, encode } from "../../../lib/core/jwt/encode-decode.js"
import { SESSION_CHUNK_SIZE, writeSessionCookie } from "../../../lib/core/session/cookie-store.js"
import { readSession } from "../../../lib/core/session/read-session.js"
import type { AuthResponse } from "../../../lib/core/vocabulary/http.js"
import { makeAuthRequest } from "../../utils/make-auth-request.js"
import { AUTH_SECRET, SESSION_COOKIE, testConfig } from "../../utils/test-config.js"
import { asHeaderValue, hostileString } from "./hostile-input.js"
import { checkProperty } from "./probe-budget.js"

const claims = { sub: "user-1", name: "Genuine", email: "genuine@example.com" }
let config: ResolvedConfig
let token: string

beforeAll(async () => {
  config = testConfig()
  token = await encode({ token: claims, secret: AUTH_SECRET, salt: SESSION_COOKIE })
})

/** The bytes each dot-separated segment decodes to: two spellings of the same bytes are the same token. */
function segmentBytes(jwe: string): string[] {
  return jwe.split(".").map((segment) => Buffer.from(segment, "base64url").toString("hex"))
}
function sameBytes(a: string, b: string): boolean {
  const [x, y] = [segmentBytes(a), segmentBytes(b)]
  return x.length === y.length && x.every((s, i) => s === y[i])
}

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

/** A genuine token changed the ways attackers change tokens. */
const tampered = (t: () => string) =>
  fc.oneof(
    fc.tuple(fc.nat(), fc.constantFrom(...B64URL, ".", "=", "+", "/", " ", "%", "\u00e9")).map(([at, c]) => {
      const s = t()
      const i = at % s.length
      return s.slice(0, i) + c + s.slice(i + 1)
    }),
    fc.nat().map((at) => t().slice(0, at % t().length)),
    fc.nat().map((at) => {
      const s = t()
      const i = at % s.length
      return s.slice(0, i) + s.slice(i + 1)
    }),
    fc.constantFrom<(s: string) => string>(
      (s) => s.split(".").reverse().join("."),
      (s) => { const p = s.split("."); return [p[0], p[1], p[3], p[2], p[4]].join(".") },
      (s) => `${s}.${s.split(".")[4]}`,
      (s) => s.split(".").slice(0, 4).join("."),
      (s) => `${s}=`,
      (s) => ` ${s}`,
      (s) => s.replace(/\./g, ".."),
      (s) => `${s.split(".")[0]}....`,
      (s) => s.replace(/-/g, "+").replace(/_/g, "/"),
    ).map((change) => change(t())),
  )

/** A (possibly chunked) session cookie and the exact string it reassembles into. */
interface Laid {
  header: string
  cookies: Record<string, string>
}

/** Lays a value out as `.0 .1 …` chunks of random sizes, in random order, among unrelated cookies. */
const chunked = (value: () => string) =>
  fc
    .record({
      cuts: fc.uniqueArray(fc.nat(), { maxLength: 6 }),
      order: fc.nat(),
      chunkedAtAll: fc.boolean(),
      others: fc.array(
        fc.tuple(
          fc.constantFrom("other", `${SESSION_COOKIE}-x`, `${SESSION_COOKIE}.x`, `x${SESSION_COOKIE}`, `__Secure-${SESSION_COOKIE}`, "authjs.csrf-token"),
          hostileString.map(asHeaderValue),
        ),
        { maxLength: 3 },
      ),
    })
    .map(({ cuts, order, chunkedAtAll, others }): Laid => {
      const v = value()
      const pairs: Array<[string, string]> = []
      if (!chunkedAtAll) pairs.push([SESSION_COOKIE, v])
      else {
        const at = [...new Set(cuts.map((c) => c % v.length))].filter((c) => c > 0).sort((a, b) => a - b)
        const bounds = [0, ...at, v.length]
        for (let i = 0; i < bounds.length - 1; i++) pairs.push([`${SESSION_COOKIE}.${i}`, v.slice(bounds[i], bounds[i + 1])])
      }
      // Rotate the chunk order, and put the unrelated cookies in between.
      const rotated = pairs.map((_, i) => pairs[(i + order) % pairs.length]!)
      const all = [...others.map(([n, val]) => [n, val] as [string, string]), ...rotated]
      const header = all.map(([n, val]) => `${n}=${val}`).join("; ")
      return { header, cookies: parseCookieHeader(header) }
    })

/** A session answer that grants nothing: null, and no session cookie written with a value. */
function grantsNothing(res: AuthResponse): void {
  expect(res.body).toBeNull()
  for (const set of res.cookies) if (set.name.startsWith(SESSION_COOKIE)) expect(set.value).toBe("")
}

describe("the session-cookie decoder under fuzzing", () => {
  it("grants nothing for hostile session cookies, chunked or not, and never throws", async () => {
    const hostileValue = fc.oneof(
      hostileString.map(asHeaderValue),
      tampered(() => token),
      fc.constantFrom("x".repeat(70_000), `${token}${"A".repeat(66_000)}`),
    )
    await checkProperty(
      "session cookie, hostile",
      fc.asyncProperty(hostileValue, fc.nat(), fc.boolean(), async (value, cut, split) => {
        // Reassembles to `value`: one cookie, or two chunks in the wrong order on the wire.
        const at = value.length > 1 ? 1 + (cut % (value.length - 1)) : 0
        const header = split && at > 0
          ? `${SESSION_COOKIE}.1=${value.slice(at)}; ${SESSION_COOKIE}.0=${value.slice(0, at)}`
          : `${SESSION_COOKIE}=${value}`
        const benign = sameBytes(value, token) && value.split(".").length === 5
        const guard = await readSession(config, { protocol: "http", headers: {}, cookieHeader: header })
        const endpoint = await makeAuthRequest(config, { action: "session", cookies: parseCookieHeader(header) })
        if (guard.session === null) {
          expect(guard.cookies.every((c) => c.value === "")).toBe(true)
          grantsNothing(endpoint)
        } else {
          // Only another spelling of the same bytes can be accepted, and then it is the genuine session.
          expect(benign).toBe(true)
          expect(guard.session.user?.email).toBe(claims.email)
        }
      }),
      300,
    )
  })

  it("reads a genuine token exactly, in any chunking and order, among unrelated cookies", async () => {
    await checkProperty(
      "session cookie, genuine chunks",
      fc.asyncProperty(chunked(() => token), async ({ header, cookies }) => {
        const guard = await readSession(config, { protocol: "http", headers: {}, cookieHeader: header })
        expect(guard.session?.user).toEqual({ name: claims.name, email: claims.email, image: undefined })
        const endpoint = await makeAuthRequest(config, { action: "session", cookies })
        expect((endpoint.body as { user?: { email?: string } } | null)?.user?.email).toBe(claims.email)
      }),
      200,
    )
  })

  // These change the token's bytes as well as the chunk set, so the decoder alone would refuse them;
  // "a chunk set that is not whole" below keeps every byte genuine and changes only the numbering.
  it("grants nothing when the genuine chunks come with a chunk too many, one missing, or a gap", async () => {
    await checkProperty(
      "session cookie, broken chunk sets",
      fc.asyncProperty(fc.integer({ min: 2, max: 6 }), fc.constantFrom("extra", "missing", "gap", "plain-and-chunks"), async (n, change) => {
        const size = Math.ceil(token.length / n)
        const chunks = Array.from({ length: n }, (_, i) => token.slice(i * size, (i + 1) * size))
        let pairs = chunks.map((c, i) => `${SESSION_COOKIE}.${i}=${c}`)
        if (change === "extra") pairs.push(`${SESSION_COOKIE}.${n}=AAAA`)
        if (change === "missing") pairs = pairs.filter((_, i) => i !== n - 2)
        if (change === "gap") pairs[n - 1] = `${SESSION_COOKIE}.${n + 3}=${chunks[n - 1]}AA`
        if (change === "plain-and-chunks") pairs.push(`${SESSION_COOKIE}=AAAA`)
        const header = pairs.join("; ")
        const guard = await readSession(config, { protocol: "http", headers: {}, cookieHeader: header })
        expect(guard.session).toBeNull()
        grantsNothing(await makeAuthRequest(config, { action: "session", cookies: parseCookieHeader(header) }))
      }),
      100,
    )
  })
})

/**
 * Genuine chunks, as the real chunker writes them for genuine large tokens, in sets that were not
 * written together. The reader takes only a whole set, `.0 … .<n-1>`: anything else is no session,
 * and the answer expires every session cookie the request carried, so the next sign-in starts clean.
 * (Auth.js joins whatever chunks it finds in suffix order: it would read the renumbered set.)
 */
describe("a chunk set that is not whole", () => {
  let current: Array<[string, string]>
  let earlier: Array<[string, string]>

  beforeAll(async () => {
    const big = async (size: number) => {
      const value = await encode({ token: { ...claims, big: "x".repeat(size) }, secret: AUTH_SECRET, salt: SESSION_COOKIE })
      const def = config.cookies.plain.sessionToken
      return writeSessionCookie(value, def, [], new Date(Date.now() + 60_000)).map((c): [string, string] => [c.name, c.value])
    }
    current = await big(2 * SESSION_CHUNK_SIZE)
    earlier = await big(4 * SESSION_CHUNK_SIZE)
    expect(current.map(([name]) => name)).toEqual([0, 1, 2].map((i) => `${SESSION_COOKIE}.${i}`))
    expect(earlier.length).toBeGreaterThanOrEqual(5)
  })

  async function answers(pairs: Array<[string, string]>) {
    const header = pairs.map(([n, v]) => `${n}=${v}`).join("; ")
    const guard = await readSession(config, { protocol: "http", headers: {}, cookieHeader: header })
    const endpoint = await makeAuthRequest(config, { action: "session", cookies: parseCookieHeader(header) })
    return { guard, endpoint }
  }
  /** Every cookie the request carried is expired in both answers, and nothing else is set. */
  function expiresAll(res: { cookies: Array<{ name: string; value: string; options: { maxAge?: number } }> }, pairs: Array<[string, string]>) {
    const session = res.cookies.filter((c) => c.name.startsWith(SESSION_COOKIE))
    expect(session.map((c) => c.name).sort()).toEqual(pairs.map(([n]) => n).sort())
    for (const c of session) expect([c.value, c.options.maxAge]).toEqual(["", 0])
  }

  it("reads the genuine set itself (the baseline the cases below change)", async () => {
    const { guard, endpoint } = await answers([...current].reverse())
    expect(guard.session?.user?.email).toBe(claims.email)
    expect((endpoint.body as { user?: { email?: string } } | null)?.user?.email).toBe(claims.email)
  })

  it("refuses genuine chunks with a hole in their numbering (.0 .1 .3), and expires them", async () => {
    const holed: Array<[string, string]> = current.map(([, v], i) => [`${SESSION_COOKIE}.${i === 2 ? 3 : i}`, v])
    // Every byte is genuine: joined in suffix order, as Auth.js would, they are the genuine token.
    const joined = holed.map(([, v]) => v).join("")
    expect(await decode({ token: joined, secret: AUTH_SECRET, salt: SESSION_COOKIE })).toMatchObject({ email: claims.email })
    const { guard, endpoint } = await answers(holed)
    expect(guard.session).toBeNull()
    expiresAll(guard, holed)
    expect(endpoint.body).toBeNull()
    expiresAll(endpoint, holed)
  })

  it.each([
    ["next in line (.3)", 3],
    ["beyond a hole (.4)", 4],
  ])("refuses a genuine set with a stale chunk of an earlier, longer token %s, and expires all of them", async (_, stale) => {
    const pairs: Array<[string, string]> = [...current, [`${SESSION_COOKIE}.${stale}`, earlier[stale]![1]]]
    const { guard, endpoint } = await answers(pairs)
    expect(guard.session).toBeNull()
    expiresAll(guard, pairs)
    expect(endpoint.body).toBeNull()
    expiresAll(endpoint, pairs)
  })
})
