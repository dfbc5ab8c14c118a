// The callbackUrl resolver, fuzzed: wherever a body, query or cookie tries to send the user, the
// answer stays on the origin unless the redirect callback allows another one, and is always a URL a
// Location header and a cookie can carry.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { resolveCallbackUrl } from "../../../lib/core/callback-url.js"
import { defaultCallbacks } from "../../../lib/core/config/callbacks.js"
import { serializeCookie } from "../../../lib/core/cookies.js"
import { getCsrf, makeAuthRequest } from "../../utils/make-auth-request.js"
import { CALLBACK_URL_COOKIE, testConfig } from "../../utils/test-config.js"
import { hostileString } from "./hostile-input.js"
import { checkProperty } from "./probe-budget.js"

const origins = ["http://localhost:3000", "https://app.example.com", "http://127.0.0.1:8080"]
const PARTNER = "https://partner.example"

const candidates = fc.record({
  body: fc.option(fc.oneof(hostileString, fc.integer(), fc.constant(null), fc.array(hostileString, { maxLength: 2 })), { nil: undefined }),
  query: fc.option(hostileString, { nil: undefined }),
  cookie: fc.option(hostileString, { nil: undefined }),
})

/** Printable ASCII only: what Node lets into a header, and what encodeURIComponent never throws on. */
const HEADER_SAFE = /^[\x21-\x7e]+$/

function originOf(url: string): string {
  return new URL(url).origin
}

describe("resolveCallbackUrl under fuzzing", () => {
  const config = testConfig()

  it("never leaves the origin with the default redirect callback", async () => {
    await checkProperty(
      "callbackUrl, default redirect",
      fc.asyncProperty(fc.constantFrom(...origins), candidates, async (origin, c) => {
        const result = await resolveCallbackUrl(config, origin, c)
        expect(originOf(result)).toBe(origin)
        expect(result).toMatch(HEADER_SAFE)
      }),
      1_000,
    )
  })

  it("leaves it only for an origin the redirect callback allows", async () => {
    const partnerConfig = testConfig({
      callbacks: {
        redirect: ({ url, baseUrl }) =>
          url.startsWith(`${PARTNER}/`) ? url : defaultCallbacks.redirect({ url, baseUrl }),
      },
    })
    const toPartner = hostileString.map((tail) => `${PARTNER}/${tail}`)
    await checkProperty(
      "callbackUrl, redirect callback allowing a partner",
      fc.asyncProperty(
        fc.constantFrom(...origins),
        fc.record({ body: fc.option(fc.oneof(hostileString, toPartner), { nil: undefined }), query: fc.option(fc.oneof(hostileString, toPartner), { nil: undefined }) }),
        async (origin, c) => {
          const result = await resolveCallbackUrl(partnerConfig, origin, c)
          expect([origin, PARTNER]).toContain(originOf(result))
          expect(result).toMatch(HEADER_SAFE)
        },
      ),
      1_000,
    )
  })

  it("lands on the origin when the redirect callback throws or answers something that is not an http(s) URL", async () => {
    const answers = fc.oneof(hostileString, fc.constantFrom(undefined, null, 42, {}, "javascript:alert(1)", "mailto:a@b.c"))
    await checkProperty(
      "callbackUrl, a misbehaving redirect callback",
      fc.asyncProperty(fc.constantFrom(...origins), candidates, answers, fc.boolean(), async (origin, c, answer, throws) => {
        const broken = testConfig({
          callbacks: {
            redirect: () => {
              if (throws) throw new Error("redirect callback failed")
              return answer as string
            },
          },
        })
        const result = await resolveCallbackUrl(broken, origin, c)
        // Only an http(s) answer is taken; it may point anywhere (that is the callback's call).
        if (!throws && typeof answer === "string" && result !== origin) expect(["http:", "https:"]).toContain(new URL(result, origin).protocol)
        else expect(result).toBe(origin)
      }),
      500,
    )
  })

  // Found by the HTTP fuzzer: these reached the Location header raw, and Node answered 500.
  it.each(["/中文/路径", "/\r\nSet-Cookie: injected=1", "/\ud800", "/a b", "/ok#frag\u2028"])(
    "serialises %j so that a Location header and the callback-url cookie can carry it",
    async (value) => {
      const origin = "http://localhost:3000"
      const result = await resolveCallbackUrl(config, origin, { body: value })
      expect(result).toMatch(HEADER_SAFE)
      expect(originOf(result)).toBe(origin)
      expect(result).not.toContain("Set-Cookie: ")
      expect(() => serializeCookie({ name: CALLBACK_URL_COOKIE, value: result, options: {} })).not.toThrow()
    },
  )

  it("keeps a plain ASCII callbackUrl byte for byte, as Auth.js does", async () => {
    const origin = "http://localhost:3000"
    for (const value of ["/home?x=1#top", "http://localhost:3000", "http://localhost:3000/a%20b"]) {
      const expected = value.startsWith("/") ? `${origin}${value}` : value
      expect(await resolveCallbackUrl(config, origin, { query: value })).toBe(expected)
    }
  })
})

describe("a credentials sign-in with a hostile callbackUrl", () => {
  it("redirects on the origin, with cookies that serialise", async () => {
    const config = testConfig()
    const csrf = await getCsrf(config)
    await checkProperty(
      "credentials sign-in redirect",
      fc.asyncProperty(hostileString, fc.option(hostileString, { nil: undefined }), fc.option(hostileString, { nil: undefined }), async (body, query, cookie) => {
        const res = await makeAuthRequest(config, {
          method: "POST",
          action: "callback",
          providerId: "credentials",
          query: query === undefined ? {} : { callbackUrl: query },
          cookies: { ...csrf.jar, ...(cookie === undefined ? {} : { [CALLBACK_URL_COOKIE]: cookie }) },
          body: { csrfToken: csrf.token, username: "alice", password: "wonderland", callbackUrl: body },
        })
        expect(res.status).toBe(302)
        expect(res.headers.location).toMatch(HEADER_SAFE)
        expect(originOf(res.headers.location!)).toBe("http://localhost:3000")
        for (const set of res.cookies) expect(serializeCookie(set)).toMatch(/^[\x20-\x7e]+$/)
      }),
      300,
    )
  })
})
