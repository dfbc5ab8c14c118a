import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { defaultCookies, expireCookie, parseCookieHeader, parseCookiesNamed, serializeCookie } from "../../lib/core/cookies.js"
import type { CookieKey } from "../../lib/core/vocabulary/http.js"
import { vectors } from "../utils/authjs-vectors.js"

/** The `Expires` attribute of a recorded Set-Cookie header, as a Date. */
function expiresOf(header: string): Date | undefined {
  const match = /; Expires=([^;]+)/.exec(header)
  return match ? new Date(match[1]!) : undefined
}

const keyByName: Record<string, CookieKey> = {
  "authjs.callback-url": "callbackUrl",
  "authjs.pkce.code_verifier": "pkceCodeVerifier",
  "authjs.state": "state",
  "authjs.nonce": "nonce",
}

describe("defaultCookies", () => {
  it("uses Auth.js names over http and https", () => {
    const plain = defaultCookies(false)
    const secure = defaultCookies(true)
    expect(plain.sessionToken.name).toBe("authjs.session-token")
    expect(secure.sessionToken.name).toBe("__Secure-authjs.session-token")
    expect(plain.csrfToken.name).toBe("authjs.csrf-token")
    expect(secure.csrfToken.name).toBe("__Host-authjs.csrf-token")
    expect(secure.callbackUrl.name).toBe("__Secure-authjs.callback-url")
    expect(secure.pkceCodeVerifier.name).toBe("__Secure-authjs.pkce.code_verifier")
    expect(secure.sessionToken.options.secure).toBe(true)
    expect(plain.sessionToken.options.secure).toBe(false)
  })
})

describe("serializeCookie", () => {
  for (const v of vectors.csrf.filter((c) => c.set_cookie_header)) {
    it(`reproduces the csrf Set-Cookie of ${v.id}`, () => {
      const secure = v.cookie_name!.startsWith("__Host-")
      const def = defaultCookies(secure).csrfToken
      expect(def.name).toBe(v.cookie_name)
      expect(serializeCookie({ name: def.name, value: v.cookie_value_decoded, options: def.options })).toBe(v.set_cookie_header)
    })
  }

  for (const provider of vectors.check_cookies) {
    for (const cookie of provider.cookies) {
      it(`reproduces ${provider.provider}'s ${cookie.name} Set-Cookie`, () => {
        const def = defaultCookies(false)[keyByName[cookie.name]!]
        const value = cookie.value ?? decodeURIComponent(cookie.set_cookie_header.split(";")[0]!.split("=")[1]!)
        const expires = expiresOf(cookie.set_cookie_header)
        const options = expires ? { ...def.options, expires } : def.options
        expect(serializeCookie({ name: def.name, value, options })).toBe(cookie.set_cookie_header)
      })
    }
  }

  it("reproduces the session chunk Set-Cookie headers", () => {
    const def = defaultCookies(false).sessionToken
    for (const chunk of vectors.chunking.chunks) {
      const header = `${chunk.name}=${chunk.value}; ${chunk.attributes.join("; ")}`
      const options = { ...def.options, expires: expiresOf(header)! }
      expect(serializeCookie({ name: chunk.name, value: chunk.value, options })).toBe(header)
    }
  })

  it("writes a deletion with Max-Age=0 and no Expires", () => {
    const def = defaultCookies(false).sessionToken
    const deletion = expireCookie(def.name, { ...def.options, expires: new Date(0) })
    expect(serializeCookie(deletion)).toBe("authjs.session-token=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax")
  })

  it("orders every attribute as the cookie package does", () => {
    const header = serializeCookie({
      name: "n",
      value: "a b|c",
      options: {
        sameSite: "strict",
        priority: "high",
        partitioned: true,
        secure: true,
        httpOnly: true,
        expires: new Date(Date.UTC(2030, 0, 2, 3, 4, 5)),
        path: "/p",
        domain: "example.com",
        maxAge: 10,
      },
    })
    expect(header).toBe(
      "n=a%20b%7Cc; Max-Age=10; Domain=example.com; Path=/p; Expires=Wed, 02 Jan 2030 03:04:05 GMT; HttpOnly; Secure; Partitioned; Priority=High; SameSite=Strict",
    )
  })
})

describe("parseCookieHeader", () => {
  it("keeps the first occurrence of a name", () => {
    expect(parseCookieHeader("a=1; b=2; a=3")).toEqual({ a: "1", b: "2" })
  })

  it("percent-decodes values and keeps malformed ones as they are", () => {
    expect(parseCookieHeader("c=a%7Cb; d=%E0%A4%A; e=100%")).toEqual({ c: "a|b", d: "%E0%A4%A", e: "100%" })
  })

  it("reads the recorded csrf Cookie header", () => {
    const v = vectors.csrf.find((c) => c.cookie_header_sent)!
    expect(parseCookieHeader(v.cookie_header_sent)["authjs.csrf-token"]).toBe(v.cookie_value_decoded)
  })

  it("trims spaces and tabs only, and leaves quotes in place", () => {
    expect(parseCookieHeader(' a = 1 ;\tb=\t2\t; c="q"; d=\u00a0x')).toEqual({ a: "1", b: "2", c: '"q"', d: "\u00a0x" })
  })

  it("splits on the first = only", () => {
    expect(parseCookieHeader("t=abc==; u=x=y")).toEqual({ t: "abc==", u: "x=y" })
  })

  it("tolerates garbage", () => {
    expect(parseCookieHeader(undefined)).toEqual({})
    expect(parseCookieHeader("")).toEqual({})
    expect(parseCookieHeader(";;; =x; novalue; ;a=1;")).toEqual({ a: "1" })
    expect(parseCookieHeader("empty=; a=1")).toEqual({ empty: "", a: "1" })
  })

  it("stores hostile names as plain keys", () => {
    const parsed = parseCookieHeader("__proto__=x; constructor=y; toString=z")
    expect(parsed["__proto__"]).toBe("x")
    expect(parsed.constructor).toBe("y")
    expect(Object.getPrototypeOf(parsed)).toBeNull()
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })
})

describe("parseCookiesNamed", () => {
  const name = "authjs.session-token"

  /** What parseCookiesNamed must return: parseCookieHeader's result cut down to `name` and `name.*`. */
  function expected(header: string, only: string): Record<string, string> {
    const all = parseCookieHeader(header)
    return Object.fromEntries(Object.entries(all).filter(([n]) => n === only || n.startsWith(`${only}.`)))
  }

  it("keeps the session cookie and its chunks, nothing else (#9)", () => {
    const header = `_ga=1; ${name}=a; ${name}.0=b;\t${name}.1 = c ; ${name}-x=d; x${name}=e; ${name}=dup; theme=dark`
    expect(parseCookiesNamed(header, name)).toEqual({ [name]: "a", [`${name}.0`]: "b", [`${name}.1`]: "c" })
    expect(Object.getPrototypeOf(parseCookiesNamed(header, name))).toBeNull()
  })

  it("decodes values as parseCookieHeader does (#9)", () => {
    expect(parseCookiesNamed(`${name}=a%7Cb; ${name}.0=%E0%A4%A`, name)).toEqual({ [name]: "a|b", [`${name}.0`]: "%E0%A4%A" })
  })

  it("tolerates garbage and empty names (#9)", () => {
    expect(parseCookiesNamed(undefined, name)).toEqual({})
    expect(parseCookiesNamed("", name)).toEqual({})
    expect(parseCookiesNamed(`;;; ${name}; ${name}=; ;`, name)).toEqual({ [name]: "" })
    expect(parseCookiesNamed("a=1", "")).toEqual({})
  })

  it("agrees with parseCookieHeader on arbitrary headers (#9)", () => {
    const space = fc.constantFrom("", " ", "\t", "  ", " \t", "\u00a0")
    const cookieName = fc.constantFrom(name, `${name}.0`, `${name}.1`, `${name}.x`, `${name}-x`, `__Secure-${name}`, `__Secure-${name}.0`, "a", "", "=")
    const value = fc.constantFrom("v", "", "%7C", "%E0%A4%A", '"q"', "a=b", "x y", "100%")
    const pair = fc.tuple(space, cookieName, space, fc.constantFrom("=", "", "=="), space, value, space).map((p) => p.join(""))
    const header = fc.array(pair, { maxLength: 12 }).map((pairs) => pairs.join(";"))
    fc.assert(
      fc.property(header, fc.constantFrom(name, `__Secure-${name}`, "a"), (h, only) => {
        expect(parseCookiesNamed(h, only)).toEqual(expected(h, only))
      }),
      { numRuns: 500 },
    )
  })
})
