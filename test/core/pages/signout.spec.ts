import { describe, expect, it } from "vitest"
import { renderSignOutPage } from "../../../lib/core/pages/render.js"
import { XSS, makeContext, bodyOf, forms, hiddenInputs, expectInert, initCookies } from "./page-helpers.js"

// The built-in sign-out page.

describe("renderSignOutPage", () => {
  it("asks for confirmation and posts the CSRF token and callbackUrl to signout", () => {
    const response = renderSignOutPage(makeContext({ callbackUrl: "http://localhost:3000/bye" }))
    expect(response.status).toBe(200)
    const document = bodyOf(response)
    expect(document).toContain("Are you sure you want to sign out?")
    const [form] = forms(document)
    expect(form!.action).toBe("http://localhost:3000/auth/signout")
    expect(form!.method).toBe("POST")
    expect(hiddenInputs(form!.inner)).toEqual({ csrfToken: "csrf-123", callbackUrl: "http://localhost:3000/bye" })
    expect(form!.inner).toMatch(/<button type="submit"[^>]*>Sign out<\/button>/)
  })

  it("escapes a hostile callbackUrl and CSRF token", () => {
    const document = bodyOf(renderSignOutPage(makeContext({ callbackUrl: XSS, csrfToken: XSS })))
    expectInert(document)
    expect(hiddenInputs(forms(document)[0]!.inner)).toEqual({ csrfToken: XSS, callbackUrl: XSS })
  })

  it("limits form-action to the site and the callback origin", () => {
    const csp = renderSignOutPage(makeContext({ callbackUrl: "https://app.example/x" })).headers[
      "content-security-policy"
    ]!
    expect(csp).toContain("form-action 'self' http://localhost:3000 https://app.example;")
  })

  it("redirects to pages.signOut as configured", () => {
    const response = renderSignOutPage(makeContext({ pages: { signOut: "/goodbye?x=1" } }))
    expect(response).toEqual({ status: 302, headers: { location: "/goodbye?x=1" }, cookies: initCookies })
  })
})
