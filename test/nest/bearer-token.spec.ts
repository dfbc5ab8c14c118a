import { describe, expect, it } from "vitest"
import { bearerToken } from "../../lib/core/session/bearer-session.js"

describe("bearerToken", () => {
  it("reads the credentials of the Bearer scheme, in any case", () => {
    expect(bearerToken("Bearer eyJhbGciOi.abc-_.def")).toBe("eyJhbGciOi.abc-_.def")
    expect(bearerToken("bearer   0f5bfea3-aff1-4d0c-a357-be90a4f544a3  ")).toBe("0f5bfea3-aff1-4d0c-a357-be90a4f544a3")
    expect(bearerToken("BEARER abc+/==")).toBe("abc+/==")
  })

  it("is undefined without a bearer header", () => {
    expect(bearerToken(undefined)).toBeUndefined()
    expect(bearerToken("Basic eDp5")).toBeUndefined()
    expect(bearerToken("Bearerabc")).toBeUndefined()
    expect(bearerToken(["Bearer a"])).toBeUndefined()
  })

  it("is empty (a bearer request with no usable token) for malformed credentials", () => {
    expect(bearerToken("Bearer")).toBe("")
    expect(bearerToken("Bearer a b")).toBe("")
    expect(bearerToken("Bearer %00")).toBe("")
    expect(bearerToken("Bearer =abc")).toBe("")
    expect(bearerToken(`Bearer ${"a".repeat(70_000)}`)).toBe("")
  })
})
