import { describe, expect, it } from "vitest"
import { escapeHtml } from "../../../lib/core/pages/html.js"
import { renderSignInPage } from "../../../lib/core/pages/render.js"
import {
  XSS,
  STYLE_BREAK,
  makeContext,
  oauth,
  credentials,
  email,
  tags,
  bodyOf,
  forms,
  hiddenInputs,
  styleText,
  expectInert,
} from "./page-helpers.js"

// The sign-in page with hostile provider names, ids, theme values and query parameters: all inert.

describe("renderSignInPage", () => {
  describe("with hostile values", () => {
    const hostile = makeContext({
      providers: [
        oauth(`gh${XSS}`, XSS, {
          style: {
            bg: STYLE_BREAK,
            text: "</style>",
            brandColor: "red}body{display:none",
            logo: `https://x.example/a.svg${XSS}`,
          },
        }),
        credentials("credentials", XSS, {
          [`user${XSS}`]: {
            label: XSS,
            placeholder: XSS,
            type: `text${XSS}`,
            value: XSS,
            onfocus: "alert(1)",
            formaction: "https://evil.example",
            style: "background:url(https://evil.example)",
            [`x${XSS}`]: "1",
            "data-test": XSS,
          },
        }),
        email(),
      ],
      theme: {
        logo: `https://example.com/l.png${XSS}`,
        brandColor: STYLE_BREAK,
        buttonText: "</style><script>",
        colorScheme: "light",
      },
      query: { error: XSS, email: XSS },
      callbackUrl: `http://localhost:3000/${XSS}`,
      csrfToken: `csrf${XSS}`,
    })
    const response = renderSignInPage(hostile)
    const document = bodyOf(response)

    it("contains no script, handler, style attribute or second style element", () => {
      expectInert(document)
    })

    it("keeps hostile text inside the attributes and text it belongs to", () => {
      const found = forms(document)
      expect(found).toHaveLength(3)
      for (const form of found) {
        expect(hiddenInputs(form.inner)).toEqual({
          csrfToken: `csrf${XSS}`,
          callbackUrl: `http://localhost:3000/${XSS}`,
        })
      }
      expect(found[0]!.action).toBe(`http://localhost:3000/auth/signin/${encodeURIComponent(`gh${XSS}`)}`)
      expect(document).toContain(`Sign in with ${escapeHtml(XSS)}`)
      const emailInput = tags(found[2]!.inner).find((t) => t.attrs.name === "email")!
      expect(emailInput.attrs.value).toBe(XSS)
    })

    it("escapes credential labels and attributes and drops unsafe ones", () => {
      const form = forms(document)[1]!
      const input = tags(form.inner).find((t) => t.name === "input" && t.attrs.type !== "hidden")!
      expect(input.attrs).toEqual({
        id: input.attrs.id,
        name: `user${XSS}`,
        type: "text",
        placeholder: XSS,
        value: XSS,
        "data-test": XSS,
      })
      expect(form.inner).toContain(`>${escapeHtml(XSS)}</label>`)
    })

    it("drops invalid colors so nothing leaves the stylesheet", () => {
      const css = styleText(document)
      expect(css).not.toContain("script")
      expect(css).not.toContain("display:none")
      expect(css).toContain("--brand-color: #346df1;")
      expect(css).toContain("--button-text-color: #ffffff;")
      expect(css).not.toContain(".provider-0")
    })

    it("escapes logo URLs", () => {
      const images = tags(document)
        .filter((t) => t.name === "img")
        .map((t) => t.attrs.src)
      expect(images).toEqual([`https://example.com/l.png${XSS}`, `https://x.example/a.svg${XSS}`])
    })

    it("shows the generic banner instead of the error text", () => {
      expect(/<div class="error" role="alert"><p>([^<]*)<\/p><\/div>/.exec(document)?.[1]).toBe("Unable to sign in.")
    })
  })

})
