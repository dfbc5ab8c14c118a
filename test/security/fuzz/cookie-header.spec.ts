// Cookie parsing, fuzzed: any Cookie header parses without throwing into a prototype-free map of
// strings whose every name occurs in the header, the first occurrence winning; every cookie we
// serialise reads back exactly. (`parseCookiesNamed` is checked against `parseCookieHeader` in
// test/core/cookies.spec.ts.)
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { parseCookieHeader, parseCookiesNamed, serializeCookie } from "../../../lib/core/cookies.js"
import { readSessionCookie, readSessionCookieFromHeader } from "../../../lib/core/session/cookie-store.js"
import { asHeaderValue, codeUnit, hostileString } from "./hostile-input.js"
import { checkProperty } from "./probe-budget.js"

/** Names that have polluted prototypes and confused parsers, and plain ones. */
const name = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty", "authjs.session-token", "authjs.session-token.0", "a", " a ", "\ta", "=", ""),
  fc.string({ unit: fc.constantFrom(..."abcXYZ019._-$!"), minLength: 1, maxLength: 8 }),
)

const header = fc.oneof(
  // Random code units: Node hands headers over as latin1, but callers of the parser may pass anything.
  fc.string({ unit: codeUnit, maxLength: 60 }),
  fc
    .array(fc.tuple(name, fc.constantFrom("=", "==", "", " = "), hostileString.map(asHeaderValue)), { maxLength: 8 })
    .chain((pairs) => fc.constantFrom(";", "; ", ";;", " ;\t").map((sep) => pairs.map((p) => p.join("")).join(sep))),
)

describe("cookie parsing under fuzzing", () => {
  it("parses any header into a prototype-free map of strings, names from the header, first one winning", async () => {
    await checkProperty(
      "Cookie header parsing",
      fc.property(header, (text) => {
        const cookies = parseCookieHeader(text)
        expect(Object.getPrototypeOf(cookies)).toBeNull()
        for (const [key, value] of Object.entries(cookies)) {
          expect(typeof value).toBe("string")
          expect(key).not.toBe("")
          expect(text).toContain(key)
          // The first pair with this (trimmed) name is the one kept.
          const first = text.split(";").find((pair) => pair.includes("=") && pair.slice(0, pair.indexOf("=")).replace(/^[ \t]+|[ \t]+$/g, "") === key)!
          const raw = first.slice(first.indexOf("=") + 1).replace(/^[ \t]+|[ \t]+$/g, "")
          let decoded = raw
          if (raw.includes("%")) {
            try {
              decoded = decodeURIComponent(raw)
            } catch {
              // kept raw
            }
          }
          expect(value).toBe(decoded)
        }
        // Nothing leaked onto Object.prototype.
        expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      }),
      3_000,
    )
  })

  it("reads the session cookie straight from the header exactly as through the parsed cookies (#9)", async () => {
    const sessionName = fc.constantFrom("authjs.session-token", "a", "__Secure-authjs.session-token")
    await checkProperty(
      "session cookie from the header",
      fc.property(header, sessionName, (text, name) => {
        expect(readSessionCookieFromHeader(text, name)).toEqual(readSessionCookie(parseCookiesNamed(text, name), name))
      }),
      3_000,
    )
  })

  it("reads back every cookie value it serialises", async () => {
    const cookieName = fc.string({ unit: fc.constantFrom(..."abcdefXYZ0123456789._-"), minLength: 1, maxLength: 12 })
    // Our values: JWEs, CSRF pairs, callback URLs (header-safe since #8), session tokens.
    const value = fc.oneof(hostileString.map((s) => Buffer.from(s, "utf8").toString("utf8")), fc.string({ maxLength: 80 }))
    await checkProperty(
      "Set-Cookie round trip",
      fc.property(fc.uniqueArray(fc.tuple(cookieName, value), { selector: ([n]) => n, maxLength: 4 }), (pairs) => {
        const lines = pairs.map(([n, v]) => serializeCookie({ name: n, value: v, options: { path: "/", httpOnly: true, sameSite: "lax" } }))
        for (const line of lines) expect(line).toMatch(/^[\x20-\x7e]+$/)
        const parsed = parseCookieHeader(lines.map((line) => line.split(";")[0]).join("; "))
        for (const [n, v] of pairs) expect(parsed[n]).toBe(v)
        expect(Object.keys(parsed).sort()).toEqual(pairs.map(([n]) => n).sort())
      }),
      1_000,
    )
  })
})
