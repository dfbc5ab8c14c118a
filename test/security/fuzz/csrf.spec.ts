// CSRF verification, fuzzed: a POST is verified exactly when its cookie is one this secret minted
// and its body carries that cookie's token, checked against a model written from the spec (§6),
// then through the engine (POST session answers 400 unless verified).
import { createHash } from "node:crypto"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { createCsrf } from "../../../lib/core/csrf.js"
import { makeAuthRequest } from "../../utils/make-auth-request.js"
import { AUTH_SECRET, CSRF_COOKIE, testConfig } from "../../utils/test-config.js"
import { hostileString } from "./hostile-input.js"
import { checkProperty } from "./probe-budget.js"

const OTHER_SECRET = "another-secret-0123456789abcdefghijklmnop"
const hex64 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString("hex"))

function mint(token: string, secret: string): string {
  return `${token}|${createHash("sha256").update(`${token}${secret}`).digest("hex")}`
}

/** The model: the token of a cookie this secret minted, or undefined. */
function genuineToken(cookie: unknown, secret: string): string | undefined {
  if (typeof cookie !== "string") return undefined
  const match = /^([0-9a-f]{64})\|([0-9a-f]{64})$/.exec(cookie)
  return match && mint(match[1]!, secret) === cookie ? match[1] : undefined
}

/** Cookies: genuine, minted with another secret, altered in one character, or junk. */
const cookie = fc.oneof(
  hex64.map((t) => mint(t, AUTH_SECRET)),
  hex64.map((t) => mint(t, OTHER_SECRET)),
  fc.tuple(hex64, fc.nat(128), fc.constantFrom(..."0123456789abcdefABCDEF|x ")).map(([t, at, c]) => {
    const v = mint(t, AUTH_SECRET)
    return v.slice(0, at) + c + v.slice(at + 1)
  }),
  hex64.map((t) => mint(t, AUTH_SECRET).toUpperCase()),
  hex64.map((t) => `${t}|${t}`),
  hostileString,
  fc.constant(undefined),
)

/** What the body claims: the cookie's token, a near miss, junk, or not a string at all. */
const bodyToken = (cookieValue: string | undefined) => {
  const own = cookieValue?.slice(0, 64) ?? ""
  return fc.oneof(
    fc.constant(own),
    fc.constant(own.toUpperCase()),
    fc.constant(`${own} `),
    fc.constant(own.slice(0, 63)),
    fc.constant(cookieValue),
    hex64,
    hostileString,
    fc.constantFrom(undefined, null, 0, [own], { toString: () => own }),
  )
}

describe("CSRF verification under fuzzing", () => {
  it("verifies a POST exactly when its cookie is genuine and its body carries that cookie's token", async () => {
    await checkProperty(
      "CSRF, createCsrf against the model",
      fc.property(
        cookie.chain((c) => fc.tuple(fc.constant(c), bodyToken(c), fc.boolean())),
        ([cookieValue, token, isPost]) => {
          const state = createCsrf({ cookieValue, secretString: AUTH_SECRET, isPost, bodyToken: token })
          const genuine = genuineToken(cookieValue, AUTH_SECRET)
          expect(state.verified).toBe(isPost && genuine !== undefined && token === genuine)
          if (genuine === undefined) {
            // Not ours: a fresh token, and a cookie for it that this secret vouches for.
            expect(state.token).not.toBe(typeof cookieValue === "string" ? cookieValue.slice(0, 64) : undefined)
            expect(genuineToken(state.cookieValue, AUTH_SECRET)).toBe(state.token)
          } else {
            expect(state.token).toBe(genuine)
            expect(state.cookieValue).toBeUndefined()
          }
        },
      ),
      2_000,
    )
  })

  it("lets a POST through the engine only when verified (POST session answers 400 otherwise)", async () => {
    const config = testConfig()
    await checkProperty(
      "CSRF, through handleAuth",
      fc.asyncProperty(
        cookie.chain((c) => fc.tuple(fc.constant(c), bodyToken(c))),
        async ([cookieValue, token]) => {
          const res = await makeAuthRequest(config, {
            method: "POST",
            action: "session",
            cookies: cookieValue === undefined ? {} : { [CSRF_COOKIE]: cookieValue },
            body: { csrfToken: token, data: { name: "changed" } },
          })
          const genuine = genuineToken(cookieValue, AUTH_SECRET)
          expect(res.status).toBe(genuine !== undefined && token === genuine ? 200 : 400)
          expect(res.body).toBeNull()
        },
      ),
      500,
    )
  })
})
