import { describe, expect, it } from "vitest"
import { escapeHtml, html, imageUrl, raw } from "../../../lib/core/pages/html.js"
import { cssColor } from "../../../lib/core/pages/styles.js"
import { XSS, STYLE_BREAK } from "./page-helpers.js"

// The HTML building blocks every page is made of: escaping, the html`` tag, image URLs, CSS colours.

describe("escapeHtml", () => {
  it("escapes the characters that can end text or an attribute", () => {
    expect(escapeHtml(`<a href="x" title='y'>&\`</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;",
    )
  })

  it("stringifies non-strings", () => {
    expect(escapeHtml(42)).toBe("42")
  })
})

describe("html", () => {
  it("escapes interpolations and keeps raw() and nested html as they are", () => {
    const inner = html`<b>${"<i>"}</b>`
    expect(html`<p title="${XSS}">${inner}${raw("<hr>")}</p>`.value).toBe(
      `<p title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"><b>&lt;i&gt;</b><hr></p>`,
    )
  })

  it("joins arrays and renders nothing for null, undefined and false", () => {
    expect(html`${["<a>", html`<b></b>`]}${null}${undefined}${false}|${0}`.value).toBe("&lt;a&gt;<b></b>|0")
  })
})

describe("imageUrl", () => {
  it("keeps http(s) URLs, site paths and data: images", () => {
    expect(imageUrl("https://example.com/logo.svg")).toBe("https://example.com/logo.svg")
    expect(imageUrl("/logo.png")).toBe("/logo.png")
    expect(imageUrl("data:image/png;base64,AAAA")).toBe("data:image/png;base64,AAAA")
  })

  it("drops script URLs, other data: types and non-strings", () => {
    expect(imageUrl("javascript:alert(1)")).toBeUndefined()
    expect(imageUrl("data:text/html,<script>alert(1)</script>")).toBeUndefined()
    expect(imageUrl("not a url")).toBeUndefined()
    expect(imageUrl("")).toBeUndefined()
    expect(imageUrl(42)).toBeUndefined()
  })
})

describe("cssColor", () => {
  it.each([
    "#fff",
    "#ffff",
    "#24292f",
    "#24292f80",
    "red",
    "rebeccapurple",
    "rgb(0, 0, 0)",
    "hsl(210deg 40% 50% / 0.5)",
    "oklch(0.7 0.1 200)",
  ])("accepts %s", (color) => expect(cssColor(color)).toBe(color))

  it.each([
    STYLE_BREAK,
    "red; background: url(x)",
    "#12345",
    "url(https://x)",
    "rgb(0,0,0));}",
    "var(--x)",
    "expression(alert(1))",
    "",
    "red blue",
  ])("rejects %s", (color) => expect(cssColor(color)).toBeUndefined())

  it("rejects non-strings", () => {
    expect(cssColor(123)).toBeUndefined()
    expect(cssColor({ toString: () => "red" })).toBeUndefined()
  })
})
