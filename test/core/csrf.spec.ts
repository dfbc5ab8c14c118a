import { createHash } from "node:crypto"
import { describe, expect, it } from "vitest"
import { createCsrf, csrfHash } from "../../lib/core/csrf.js"

const SECRET = "csrf-test-secret"

function mint(): { token: string; cookieValue: string } {
  const { token, cookieValue } = createCsrf({ cookieValue: undefined, secretString: SECRET, isPost: false, bodyToken: undefined })
  return { token, cookieValue: cookieValue! }
}

describe("createCsrf", () => {
  it("mints 32 random bytes as hex and a token|sha256(token+secret) cookie", () => {
    const { token, cookieValue } = mint()
    expect(token).toMatch(/^[0-9a-f]{64}$/)
    expect(cookieValue).toBe(`${token}|${createHash("sha256").update(token + SECRET).digest("hex")}`)
    expect(mint().token).not.toBe(token)
  })

  it("reuses the token of a genuine cookie and sends no new cookie", () => {
    const { token, cookieValue } = mint()
    expect(createCsrf({ cookieValue, secretString: SECRET, isPost: false, bodyToken: undefined })).toEqual({ token, verified: false })
  })

  it("verifies a POST whose body token matches the cookie", () => {
    const { token, cookieValue } = mint()
    expect(createCsrf({ cookieValue, secretString: SECRET, isPost: true, bodyToken: token })).toEqual({ token, verified: true })
  })

  it("does not verify a GET, a missing token, or another token", () => {
    const { token, cookieValue } = mint()
    const other = mint().token
    for (const [isPost, bodyToken] of [
      [false, token],
      [true, undefined],
      [true, ""],
      [true, other],
      [true, token.toUpperCase()],
      [true, `${token} `],
      [true, [token]],
      [true, { toString: () => token }],
      [true, 1],
    ] as const) {
      const state = createCsrf({ cookieValue, secretString: SECRET, isPost, bodyToken })
      expect(state.verified).toBe(false)
      expect(state.token).toBe(token)
    }
  })

  it("never verifies a POST that only brings a body token", () => {
    const state = createCsrf({ cookieValue: undefined, secretString: SECRET, isPost: true, bodyToken: "a".repeat(64) })
    expect(state.verified).toBe(false)
    expect(state.cookieValue).toBeDefined()
  })

  it("mints a new token for a cookie signed with another secret", () => {
    const { token, cookieValue } = mint()
    const state = createCsrf({ cookieValue, secretString: "other", isPost: true, bodyToken: token })
    expect(state.verified).toBe(false)
    expect(state.token).not.toBe(token)
    expect(state.cookieValue).toMatch(/^[0-9a-f]{64}\|[0-9a-f]{64}$/)
  })

  it("tolerates garbage cookies by minting a new token", () => {
    const { token, cookieValue } = mint()
    const [, hash] = cookieValue.split("|") as [string, string]
    const garbage = [
      "",
      "nonsense",
      token,
      `${token}|`,
      `|${hash}`,
      `${token}|${hash}|extra`,
      `${token}|${hash.toUpperCase()}`,
      `${token.toUpperCase()}|${hash}`,
      `${token.slice(1)}|${hash}`,
      `${token}|${hash.slice(1)}`,
      `${token}x|${hash}`,
      `${"z".repeat(64)}|${hash}`,
      `${token}%7C${hash}`,
      "|".repeat(200),
      "é".repeat(129),
    ]
    for (const value of garbage) {
      const state = createCsrf({ cookieValue: value, secretString: SECRET, isPost: true, bodyToken: token })
      expect(state.verified, value).toBe(false)
      expect(state.cookieValue, value).toMatch(/^[0-9a-f]{64}\|[0-9a-f]{64}$/)
    }
  })

  it("hashes an array secret the Auth.js way (comma-joined)", () => {
    const secretString = String(["new", "old"])
    expect(secretString).toBe("new,old")
    const token = "0".repeat(64)
    expect(csrfHash(token, secretString)).toBe(createHash("sha256").update(`${token}new,old`).digest("hex"))
  })
})
