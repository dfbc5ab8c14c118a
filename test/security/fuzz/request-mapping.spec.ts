// The Express → engine mapping (lib/nest/express-bridge.ts), fuzzed with whatever Express's body
// parsers and Node's header parser can hand it: the mapping never throws, only plain JSON or form
// objects become the body, the query and cookies are flat string maps without a prototype, and the
// engine answers the result without a 5xx (bar the Configuration page) and without a session.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { handleAuth } from "../../../lib/core/handle.js"
import { toAuthRequest, unmatchedAction, type HttpRequest } from "../../../lib/nest/express-bridge.js"
import { CSRF_COOKIE, SESSION_COOKIE, testConfig } from "../../utils/test-config.js"
import { asHeaderValue, hostileString, percentEncode } from "./hostile-input.js"
import { checkProperty } from "./probe-budget.js"

class NotPlain {
  csrfToken = "x"
}

/** Bodies as Express's json/urlencoded parsers (or a misbehaving middleware) could leave them. */
const body = fc.oneof(
  fc.dictionary(fc.constantFrom("csrfToken", "callbackUrl", "username", "password", "email", "data", "token", "x"), fc.oneof(hostileString, fc.jsonValue()), { maxKeys: 5 }),
  fc.jsonValue(),
  fc.constantFrom<() => unknown>(
    () => JSON.parse('{"__proto__": {"csrfToken": "polluted"}, "constructor": {"prototype": {"x": 1}}}'),
    () => Object.assign(Object.create(null), { csrfToken: "x", callbackUrl: "/home" }),
    () => new NotPlain(),
    () => new Date(0),
    () => new Map([["csrfToken", "x"]]),
    () => Buffer.from("csrfToken=x"),
    () => [{ csrfToken: "x" }],
    () => "csrfToken=x",
    () => undefined,
  ).map((make) => make()),
)

const contentType = fc.constantFrom(
  undefined,
  "application/json",
  "application/x-www-form-urlencoded",
  "APPLICATION/JSON",
  "application/json; charset=utf-8",
  "text/plain",
  "multipart/form-data; boundary=x",
  "application/x-www-form-urlencoded, application/json",
)

const wellFormed = hostileString.map((s) => Buffer.from(s, "utf8").toString("utf8"))

/** A header value as Node hands it over: latin1 text, sometimes an array (repeated headers). */
const headerValue = fc.oneof(hostileString.map(asHeaderValue), fc.array(hostileString.map(asHeaderValue), { minLength: 1, maxLength: 3 }))

const request = fc
  .record({
    method: fc.constantFrom("GET", "get", "POST", "post", "Post", "PUT", "HEAD", "OPTIONS", "M-SEARCH"),
    protocol: fc.constantFrom("http", "https", "", "ftp"),
    contentType,
    headers: fc.dictionary(fc.constantFrom("host", "Host", "x-forwarded-host", "x-forwarded-proto", "cookie", "accept", "x-auth-return-redirect", "X-Weird"), headerValue, { maxKeys: 5 }),
    cookies: fc.array(fc.tuple(fc.constantFrom(CSRF_COOKIE, SESSION_COOKIE, `${SESSION_COOKIE}.0`, "authjs.callback-url", "__proto__", "constructor", "a"), hostileString.map(asHeaderValue)), { maxLength: 4 }),
    query: fc.array(fc.tuple(fc.constantFrom("callbackUrl", "error", "code", "state", "__proto__", "a"), hostileString, fc.boolean()), { maxLength: 4 }),
    route: fc.constantFrom("/auth/session", "/auth/signin/:provider", "/auth/{/*rest}", "/:tenant/auth/csrf", undefined, 42),
    // Express decodes route parameters from the path's UTF-8 (a lone surrogate cannot come out of it).
    params: fc.record({ provider: fc.option(wellFormed, { nil: undefined }), rest: fc.option(fc.array(fc.oneof(wellFormed, fc.integer()), { maxLength: 4 }), { nil: undefined }), tenant: fc.option(wellFormed, { nil: undefined }) }),
    body,
    action: fc.constantFrom("session", "csrf", "signin", "signout", "callback", "error", "verify-request", "providers", "nope", ""),
    provider: fc.option(fc.constantFrom("credentials", "nope", "__proto__", "constructor", "toString"), { nil: undefined }),
  })
  .map((r) => {
    const headers: Record<string, string | string[]> = {}
    for (const [name, value] of Object.entries(r.headers)) headers[name.toLowerCase() === name ? name : name.toLowerCase()] = value
    if (r.contentType) headers["content-type"] = r.contentType
    if (r.cookies.length > 0) headers.cookie = r.cookies.map(([n, v]) => `${n}=${v}`).join("; ")
    const query = r.query.map(([k, v, raw]) => `${k}=${raw ? v.replace(/[^\x21-\x7e]/g, "") : percentEncode(v)}`).join("&")
    const req: HttpRequest = {
      method: r.method,
      protocol: r.protocol,
      headers,
      originalUrl: `/auth/${r.action}${query ? `?${query}` : ""}`,
      route: { path: r.route },
      params: r.params,
      body: r.body,
    }
    return { req, action: r.action, provider: r.provider }
  })

function isPlainObject(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

describe("the Express request mapping under fuzzing", () => {
  it("maps anything without throwing, taking only plain JSON and form objects as the body", async () => {
    await checkProperty(
      "request mapping, toAuthRequest",
      fc.property(request, ({ req, action, provider }) => {
        const mapped = toAuthRequest(req, action, provider)
        const type = String([req.headers["content-type"]].flat().join(", "))
        const readable = type.includes("application/json") || type.includes("application/x-www-form-urlencoded")
        if (mapped.method === "POST" && readable && isPlainObject(req.body)) expect(mapped.body).toBe(req.body)
        else expect(mapped.body).toBeUndefined()
        expect(mapped.method).toBe(req.method.toUpperCase())
        for (const map of [mapped.query, mapped.cookies]) {
          expect(Object.getPrototypeOf(map)).toBeNull()
          for (const value of Object.values(map)) expect(typeof value).toBe("string")
        }
        for (const [name, value] of Object.entries(mapped.headers)) {
          expect(name).toBe(name.toLowerCase())
          expect(typeof value).toBe("string")
        }
        expect(mapped.basePath === undefined || typeof mapped.basePath === "string").toBe(true)
        const unmatched = unmatchedAction(req)
        expect(typeof unmatched.action).toBe("string")
      }),
      2_000,
    )
  })

  it("feeds the engine requests it answers without a 5xx (but the Configuration page) and without a session", async () => {
    const config = testConfig()
    await checkProperty(
      "request mapping, through handleAuth",
      fc.asyncProperty(request, async ({ req, action, provider }) => {
        const res = await handleAuth(toAuthRequest(req, action, provider), config)
        if (res.status >= 500) {
          expect(res.status).toBe(500)
          expect(String(res.body)).toContain("There is a problem with the server configuration.")
        }
        for (const set of res.cookies) if (set.name.includes("session-token")) expect(set.value).toBe("")
      }),
      500,
    )
  })
})
