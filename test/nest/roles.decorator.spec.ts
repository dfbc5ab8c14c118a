import { describe, expect, it } from "vitest"
import { resolveGuardOptions } from "../../lib/nest/guard-options.js"
import { defaultRoles, holdsAnyRole } from "../../lib/core/roles.js"
import type { Session } from "../../lib/session.js"

const session = (user: Record<string, unknown> | undefined): Session => ({ expires: "2100-01-01T00:00:00.000Z", user })

describe("holdsAnyRole", () => {
  it("matches a single role or any of a list", () => {
    expect(holdsAnyRole("admin", ["admin", "support"])).toBe(true)
    expect(holdsAnyRole(["viewer", "support"], ["admin", "support"])).toBe(true)
    expect(holdsAnyRole(["viewer"], ["admin"])).toBe(false)
    expect(holdsAnyRole("Admin", ["admin"])).toBe(false)
  })

  it("holds nothing for missing or malformed roles", () => {
    expect(holdsAnyRole(undefined, ["admin"])).toBe(false)
    expect(holdsAnyRole(null, ["admin"])).toBe(false)
    expect(holdsAnyRole([1, { admin: true }] as never, ["admin"])).toBe(false)
    expect(holdsAnyRole({ includes: () => true } as never, ["admin"])).toBe(false)
  })
})

describe("defaultRoles", () => {
  it("reads session.user.role and session.user.roles", () => {
    expect(defaultRoles(session({ role: "admin" }))).toBe("admin")
    expect(defaultRoles(session({ role: ["a", "b"] }))).toEqual(["a", "b"])
    expect(defaultRoles(session({ roles: ["support"] }))).toEqual(["support"])
    expect(defaultRoles(session({ role: "admin", roles: ["support", 7] }))).toEqual(["admin", "support"])
  })

  it("gives nothing without a user or roles", () => {
    expect(defaultRoles(session(undefined))).toBeUndefined()
    expect(defaultRoles(session({ name: "x" }))).toBeUndefined()
    expect(defaultRoles(session({ role: 42 }))).toBeUndefined()
  })
})

describe("resolveGuardOptions", () => {
  it("defaults to cookies only, browser redirects on, and the default roles source", () => {
    expect(resolveGuardOptions({})).toEqual({ bearer: false, redirectToSignIn: true, roles: defaultRoles })
    expect(resolveGuardOptions(undefined).bearer).toBe(false)
  })

  it("fails start-up on options of the wrong type, naming them", () => {
    expect(() => resolveGuardOptions({ bearer: "yes" as never })).toThrow(/bearer must be true or false/)
    expect(() => resolveGuardOptions({ redirectToSignIn: 0 as never })).toThrow(/redirectToSignIn/)
    expect(() => resolveGuardOptions({ roles: ["admin"] as never })).toThrow(/roles must be a function/)
  })
})
