// The session-cookie decoder, fuzzed through both doors: the guard's `readSession` (raw Cookie
// header, chunks included) and `GET <basePath>/session`. Hostile cookies never throw and never
// yield a session; a genuine token yields exactly its own claims, however it is chunked.
import fc from "fast-check"
import { beforeAll, describe, expect, it } from "vitest"
import type { ResolvedConfig } from "../../../lib/core/config/types.js"
import { parseCookieHeader } from "../../../lib/core/cookies.js"
import { encode } from "../../../lib/core/jwt/encode-decode.js"
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
