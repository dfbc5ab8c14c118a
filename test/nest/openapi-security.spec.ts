import { describe, expect, it } from "vitest"
import { AuthModule } from "../../lib/nest/auth.module.js"
import { AUTH_ROUTE_DOCS } from "../../lib/core/actions/route-docs.js"
import { resolveOpenApiOptions } from "../../lib/nest/openapi-security.js"
import { nestAuthConfig } from "../utils/nest-auth-config.js"

describe("the openApi module option", () => {
  it.each([
    [undefined, { routes: true, security: true }],
    [true, { routes: true, security: true }],
    [false, { routes: false, security: false }],
    [{ security: false }, { routes: true, security: false }],
    [{ routes: false }, { routes: false, security: true }],
  ])("%o → %o", (value, expected) => {
    expect(resolveOpenApiOptions(value)).toEqual(expected)
  })

  it.each(["yes", 1, null, { security: "no" }])("refuses %o when the module is declared", (value) => {
    expect(() => AuthModule.forRoot({ ...nestAuthConfig(), openApi: value as never })).toThrow(/openApi must be/)
  })
})

describe("the auth routes' OpenAPI docs", () => {
  it("document every named route of the controller, each with a summary and a response", () => {
    expect(Object.keys(AUTH_ROUTE_DOCS).sort()).toEqual(
      [
        "callback",
        "callbackPost",
        "csrf",
        "error",
        "providers",
        "session",
        "signIn",
        "signInPage",
        "signInWith",
        "signOut",
        "signOutPage",
        "updateSession",
        "verifyRequest",
      ].sort(),
    )
    for (const doc of Object.values(AUTH_ROUTE_DOCS)) {
      expect(doc.summary).not.toBe("")
      expect(Object.keys(doc.responses).length).toBeGreaterThan(0)
    }
  })
})
