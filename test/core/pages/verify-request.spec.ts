import { describe, expect, it } from "vitest"
import { renderVerifyRequestPage } from "../../../lib/core/pages/render.js"
import { makeContext, tags, bodyOf, forms, initCookies } from "./page-helpers.js"

// The built-in "check your email" page, and pages.verifyRequest.

describe("renderVerifyRequestPage", () => {
  it("asks the user to check their email and links to the site", () => {
    const response = renderVerifyRequestPage(makeContext())
    expect(response.status).toBe(200)
    const document = bodyOf(response)
    expect(document).toMatch(/<title>Verify Request<\/title>/)
    expect(document).toContain("Check your email")
    const link = tags(document).find((t) => t.name === "a")!
    expect(link.attrs.href).toBe("http://localhost:3000")
    expect(document).toMatch(/<a [^>]*>localhost:3000<\/a>/)
    expect(forms(document)).toEqual([])
  })

  it("redirects to pages.verifyRequest with the original query", () => {
    const response = renderVerifyRequestPage(
      makeContext({ pages: { verifyRequest: "/check-email" }, query: { provider: "email", type: "email" } }),
    )
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe("/check-email?provider=email&type=email")
    expect(response.cookies).toEqual(initCookies)
  })

  it("redirects to pages.verifyRequest as-is without a query, and re-encodes query values", () => {
    expect(renderVerifyRequestPage(makeContext({ pages: { verifyRequest: "/check-email" } })).headers.location).toBe(
      "/check-email",
    )
    const location = renderVerifyRequestPage(
      makeContext({ pages: { verifyRequest: "/check-email?a=1" }, query: { provider: "x&y=z" } }),
    ).headers.location!
    expect(location).toBe("/check-email?a=1&provider=x%26y%3Dz")
  })
})
