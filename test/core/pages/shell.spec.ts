import { createHash } from "node:crypto"
import { describe, expect, it } from "vitest"
import type { Theme } from "../../../lib/core/vocabulary/theme.js"
import type { RequestContext } from "../../../lib/core/context.js"
import {
  renderErrorPage,
  renderSignInPage,
  renderSignOutPage,
  renderVerifyRequestPage,
} from "../../../lib/core/pages/render.js"
import type { AuthResponse } from "../../../lib/core/vocabulary/http.js"
import { makeContext, tags, bodyOf, styleText, initCookies } from "./page-helpers.js"

// What every built-in page shares: the document shell, the theme, and the response headers (CSP, caching).

describe("page shell", () => {
  it("is a full English UTF-8 document with a viewport and the page title", () => {
    const document = bodyOf(renderSignOutPage(makeContext()))
    expect(document.startsWith("<!DOCTYPE html>")).toBe(true)
    expect(document).toMatch(/<html lang="en">/)
    expect(document).toMatch(/<meta charset="utf-8">/)
    expect(document).toMatch(/<meta name="viewport" content="width=device-width, initial-scale=1">/)
    expect(document).toMatch(/<title>Sign Out<\/title>/)
    expect(document).toMatch(/<body class="__next-auth-theme-auto">\s*<div class="page">/)
  })

  it.each([
    ["dark", "dark"],
    ["light", "light"],
    ["auto", "auto"],
    [`auto" onload="alert(1)`, "auto"],
  ])("uses colorScheme %j as the body class %s", (scheme, expected) => {
    const ctx = makeContext({ theme: { colorScheme: scheme as Theme["colorScheme"] } })
    const body = tags(bodyOf(renderSignOutPage(ctx))).find((t) => t.name === "body")!
    expect(body.attrs).toEqual({ class: `__next-auth-theme-${expected}` })
  })

  it("follows prefers-color-scheme only for auto", () => {
    expect(styleText(bodyOf(renderSignOutPage(makeContext())))).toContain("prefers-color-scheme: dark")
    const dark = styleText(bodyOf(renderSignOutPage(makeContext({ theme: { colorScheme: "dark" } }))))
    expect(dark).not.toContain("prefers-color-scheme")
  })

  it("sets the brand and button text colors as CSS variables", () => {
    const css = styleText(
      bodyOf(renderSignOutPage(makeContext({ theme: { brandColor: "#ff0066", buttonText: "black" } }))),
    )
    expect(css).toContain("--brand-color: #ff0066;")
    expect(css).toContain("--button-text-color: black;")
  })

  it("without buttonText, gives a light brand color dark text and a dark one white text", () => {
    const css = (brandColor: string) => styleText(bodyOf(renderSignOutPage(makeContext({ theme: { brandColor } }))))
    expect(css("#facc15")).toContain("--button-text-color: #111827;")
    expect(css("#0a7d3c")).toContain("--button-text-color: #ffffff;")
    expect(css("rebeccapurple")).toContain("--button-text-color: #ffffff;")
  })
})

describe("page headers", () => {
  const pages: Array<[string, (ctx: RequestContext) => AuthResponse]> = [
    ["sign-in", renderSignInPage],
    ["sign-out", renderSignOutPage],
    ["error", (ctx) => renderErrorPage(ctx)],
    ["verify-request", renderVerifyRequestPage],
  ]

  it.each(pages)("%s: text/html exactly, no-store, the init cookies", (_, render) => {
    const response = render(makeContext())
    expect(response.headers["content-type"]).toBe("text/html")
    expect(response.headers["cache-control"]).toBe("no-store")
    expect(response.cookies).toEqual(initCookies)
    expect(response.cookies).not.toBe(initCookies)
  })

  it.each(pages)("%s: a restrictive CSP whose style hash matches the stylesheet", (_, render) => {
    const response = render(makeContext({ theme: { brandColor: "#123456" } }))
    const csp = response.headers["content-security-policy"]!
    const directives = Object.fromEntries(
      csp
        .split(";")
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    )
    expect(directives["default-src"]).toEqual(["'none'"])
    expect(directives["frame-ancestors"]).toEqual(["'none'"])
    expect(directives["base-uri"]).toEqual(["'none'"])
    expect(directives["img-src"]).toEqual(["'self'", "https:", "data:"])
    expect(directives["script-src"]).toBeUndefined()
    const hash = createHash("sha256")
      .update(styleText(bodyOf(response)))
      .digest("base64")
    expect(directives["style-src"]).toEqual([`'sha256-${hash}'`])
    expect(directives["form-action"]).toBeDefined()
  })
})
