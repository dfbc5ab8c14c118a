import { describe, expect, it } from "vitest"
import { renderErrorPage } from "../../../lib/core/pages/render.js"
import { XSS, makeContext, tags, bodyOf, expectInert, initCookies } from "./page-helpers.js"

// The built-in error page, and pages.error.

describe("renderErrorPage", () => {
  it.each([
    ["Configuration", 500, "Server error", false],
    ["AccessDenied", 403, "Access denied", true],
    ["Verification", 403, "Unable to sign in", true],
    ["WebAuthnVerificationError", 200, "Error", false],
    [undefined, 200, "Error", false],
  ] as const)("error=%s renders status %i", (error, status, heading, signInLink) => {
    const response = renderErrorPage(makeContext({ query: error ? { error } : {} }))
    expect(response.status).toBe(status)
    const document = bodyOf(response)
    expect(document).toMatch(/<title>Error<\/title>/)
    expect(document).toContain(`<h1>${heading}</h1>`)
    const links = tags(document)
      .filter((t) => t.name === "a")
      .map((t) => t.attrs.href)
    expect(links).toEqual(
      signInLink ? ["http://localhost:3000/auth/signin", "http://localhost:3000"] : ["http://localhost:3000"],
    )
    expect(response.headers["content-security-policy"]).toContain("form-action 'none'")
  })

  it("prefers the error type it is given over the query", () => {
    const response = renderErrorPage(makeContext({ query: { error: "AccessDenied" } }), "Configuration")
    expect(response.status).toBe(500)
  })

  it("never echoes the error query value", () => {
    const response = renderErrorPage(makeContext({ query: { error: XSS } }))
    expect(response.status).toBe(200)
    const document = bodyOf(response)
    expectInert(document)
    expect(document).not.toContain("alert(1)")
  })

  it.each(["constructor", "toString", "__proto__"])("treats %s as an unknown error", (error) => {
    expect(renderErrorPage(makeContext({ query: { error } })).status).toBe(200)
  })

  describe("with pages.error", () => {
    it("redirects with the error, encoded", () => {
      const response = renderErrorPage(makeContext({ pages: { error: "/oops" }, query: { error: "a b&c=d" } }))
      expect(response.status).toBe(302)
      expect(response.headers.location).toBe("/oops?error=a%20b%26c%3Dd")
      expect(response.cookies).toEqual(initCookies)
    })

    it("uses & when the path already has a query, and keeps a fragment last", () => {
      expect(renderErrorPage(makeContext({ pages: { error: "/oops?lang=en" } }), "AccessDenied").headers.location).toBe(
        "/oops?lang=en&error=AccessDenied",
      )
      expect(renderErrorPage(makeContext({ pages: { error: "/oops#top" } }), "Verification").headers.location).toBe(
        "/oops?error=Verification#top",
      )
    })

    it("leaves the parameter out when there is no error", () => {
      expect(renderErrorPage(makeContext({ pages: { error: "/oops" } })).headers.location).toBe("/oops")
    })
  })
})
