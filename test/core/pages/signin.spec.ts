import { describe, expect, it } from "vitest"
import type { RequestContext } from "../../../lib/core/context.js"
import { renderSignInPage } from "../../../lib/core/pages/render.js"
import { signInErrorMessage } from "../../../lib/core/pages/signin.js"
import {
  makeContext,
  oauth,
  credentials,
  email,
  tags,
  bodyOf,
  forms,
  hiddenInputs,
  styleText,
  initCookies,
} from "./page-helpers.js"

// The built-in sign-in page: one form per provider, errors, theme, form-action, and pages.signIn.

describe("renderSignInPage", () => {
  it("renders one form per OAuth provider posting to signin/<id> with the hidden fields", () => {
    const ctx = makeContext({ providers: [oauth("github", "GitHub"), oauth("corp", "Corp SSO", { type: "oidc" })] })
    const response = renderSignInPage(ctx)
    expect(response.status).toBe(200)
    const document = bodyOf(response)
    expect(document).toMatch(/<title>Sign In<\/title>/)
    const found = forms(document)
    expect(found.map((f) => [f.action, f.method])).toEqual([
      ["http://localhost:3000/auth/signin/github", "POST"],
      ["http://localhost:3000/auth/signin/corp", "POST"],
    ])
    for (const form of found) {
      expect(hiddenInputs(form.inner)).toEqual({ csrfToken: "csrf-123", callbackUrl: "http://localhost:3000" })
    }
    expect(found[0]!.inner).toMatch(/<button type="submit"[^>]*>[\s\S]*Sign in with GitHub[\s\S]*<\/button>/)
    expect(found[1]!.inner).toContain("Sign in with Corp SSO")
    // Buttons stack together: no separator between two OAuth providers.
    expect(document).not.toContain('class="separator"')
  })

  it("shows a provider logo only when style.logo is set, and never a remote default", () => {
    const ctx = makeContext({
      providers: [
        oauth("github", "GitHub"),
        oauth("gitlab", "GitLab", { style: { logo: "https://cdn.example/gl.svg" } }),
      ],
    })
    const document = bodyOf(renderSignInPage(ctx))
    const images = tags(document).filter((t) => t.name === "img")
    expect(images.map((i) => i.attrs.src)).toEqual(["https://cdn.example/gl.svg"])
    expect(document).not.toContain("authjs.dev")
  })

  it("styles provider buttons from style colors through the stylesheet", () => {
    const ctx = makeContext({
      providers: [
        oauth("github", "GitHub", { style: { bg: "#24292f", text: "#fff" } }),
        oauth("x", "X", { style: { brandColor: "#1d9bf0" } }),
      ],
    })
    const css = styleText(bodyOf(renderSignInPage(ctx)))
    expect(css).toContain(".provider-0 .button { --provider-bg: #24292f; --provider-text: #fff; }")
    // X's light blue reads better with dark text (white on #1d9bf0 is 3:1, under WCAG AA's 4.5:1).
    expect(css).toContain(
      ".provider-1 .button { --provider-bg: #1d9bf0; --provider-text: #111827; --provider-brand: #1d9bf0; }",
    )
  })

  it("picks white or dark button text by contrast when the provider gives only a background", () => {
    const ctx = makeContext({
      providers: [
        oauth("dark", "Dark", { style: { bg: "#24292f" } }),
        oauth("yellow", "Yellow", { style: { brandColor: "#fc0" } }),
      ],
    })
    const css = styleText(bodyOf(renderSignInPage(ctx)))
    expect(css).toContain(".provider-0 .button { --provider-bg: #24292f; --provider-text: #ffffff; }")
    expect(css).toContain(".provider-1 .button { --provider-bg: #fc0; --provider-text: #111827; --provider-brand: #fc0; }")
  })

  it("renders a credentials form posting to callback/<id> with a labelled input per field", () => {
    const ctx = makeContext({
      providers: [
        credentials("credentials", "Password", {
          username: { label: "Username", type: "text", placeholder: "jsmith" },
          password: { type: "password", required: true, autocomplete: "current-password" },
        }),
      ],
    })
    const [form] = forms(bodyOf(renderSignInPage(ctx)))
    expect(form!.action).toBe("http://localhost:3000/auth/callback/credentials")
    expect(form!.method).toBe("POST")
    expect(hiddenInputs(form!.inner)).toEqual({ csrfToken: "csrf-123", callbackUrl: "http://localhost:3000" })
    const found = tags(form!.inner)
    const labels = found.filter((t) => t.name === "label")
    const inputs = found.filter((t) => t.name === "input" && t.attrs.type !== "hidden")
    expect(inputs.map((i) => i.attrs)).toEqual([
      { id: inputs[0]!.attrs.id, name: "username", type: "text", placeholder: "jsmith" },
      { id: inputs[1]!.attrs.id, name: "password", type: "password", required: "", autocomplete: "current-password" },
    ])
    expect(labels.map((l) => l.attrs.for)).toEqual(inputs.map((i) => i.attrs.id))
    expect(new Set(inputs.map((i) => i.attrs.id)).size).toBe(2)
    expect(form!.inner).toMatch(/<label [^>]*>Username<\/label>/)
    expect(form!.inner).toMatch(/<label [^>]*>Password<\/label>/)
    expect(form!.inner).toContain("Sign in with Password")
  })

  it("leaves out a credentials provider without fields", () => {
    const ctx = makeContext({ providers: [oauth("github", "GitHub"), credentials("webhook", "Hook", {})] })
    const document = bodyOf(renderSignInPage(ctx))
    expect(forms(document)).toHaveLength(1)
    expect(document).not.toContain("/callback/webhook")
  })

  it("renders an email form with a required email input pre-filled from the query", () => {
    const ctx = makeContext({ providers: [email("resend", "Resend")], query: { email: "ada@example.com" } })
    const [form] = forms(bodyOf(renderSignInPage(ctx)))
    expect(form!.action).toBe("http://localhost:3000/auth/signin/resend")
    expect(hiddenInputs(form!.inner).csrfToken).toBe("csrf-123")
    const input = tags(form!.inner).find((t) => t.name === "input" && t.attrs.name === "email")!
    expect(input.attrs).toMatchObject({ type: "email", value: "ada@example.com", required: "" })
    const label = tags(form!.inner).find((t) => t.name === "label")!
    expect(label.attrs.for).toBe(input.attrs.id)
  })

  it("puts separators between groups", () => {
    const ctx = makeContext({
      providers: [oauth("a", "A"), oauth("b", "B"), email(), credentials("c", "C", { user: {} })],
    })
    const document = bodyOf(renderSignInPage(ctx))
    expect(document.match(/class="separator"/g)).toHaveLength(2)
    const order = [...document.matchAll(/class="(separator|provider provider-\d)"/g)].map((m) => m[1])
    expect(order).toEqual([
      "provider provider-0",
      "provider provider-1",
      "separator",
      "provider provider-2",
      "separator",
      "provider provider-3",
    ])
  })

  it.each([
    ["CredentialsSignin", "Check that the details you entered are correct"],
    ["OAuthAccountNotLinked", "already linked"],
    ["OAuthCallbackError", "different account"],
    ["OAuthSignin", "different account"],
    ["EmailSignin", "could not be sent"],
    ["SessionRequired", "Please sign in"],
    ["MissingCSRF", "expired"],
    ["Configuration", "configuration"],
    ["SomethingElse", "Unable to sign in."],
    ["constructor", "Unable to sign in."],
    ["__proto__", "Unable to sign in."],
  ])("shows an error banner for error=%s", (error, text) => {
    const document = bodyOf(renderSignInPage(makeContext({ providers: [oauth("a", "A")], query: { error } })))
    const banner = /<div class="error" role="alert"><p>([^<]*)<\/p><\/div>/.exec(document)
    expect(banner?.[1]).toContain(text)
    expect(signInErrorMessage(error)).toContain(text)
  })

  it("shows no banner without an error", () => {
    expect(bodyOf(renderSignInPage(makeContext()))).not.toContain('role="alert"')
  })

  it("never echoes the error query value", () => {
    const document = bodyOf(renderSignInPage(makeContext({ query: { error: "Attacker-Supplied-Text" } })))
    expect(document).not.toContain("Attacker-Supplied-Text")
  })

  it("shows the theme logo", () => {
    const document = bodyOf(renderSignInPage(makeContext({ theme: { logo: "https://example.com/logo.png" } })))
    expect(tags(document).find((t) => t.name === "img")?.attrs).toEqual({
      class: "logo",
      src: "https://example.com/logo.png",
      alt: "",
    })
  })

  describe("form-action", () => {
    function formAction(ctx: RequestContext): string[] {
      const csp = renderSignInPage(ctx).headers["content-security-policy"]!
      return /form-action ([^;]*)/.exec(csp)![1]!.split(" ")
    }

    it("admits the site and the callback URL's origin", () => {
      const targets = formAction(
        makeContext({ providers: [credentials("c", "C", { u: {} })], callbackUrl: "https://app.example/home" }),
      )
      expect(targets).toEqual(["'self'", "http://localhost:3000", "https://app.example"])
    })

    it("admits https identity providers (Chrome checks the redirect chain) and an http IdP by origin", () => {
      const targets = formAction(
        makeContext({
          providers: [
            oauth("gh", "GitHub"),
            oauth("dev", "Dev", { type: "oidc", issuer: "http://127.0.0.1:4000/oidc" }),
          ],
        }),
      )
      expect(targets).toEqual(["'self'", "http://localhost:3000", "https:", "http://127.0.0.1:4000"])
      expect(targets).not.toContain("http:")
    })
  })

  describe("with pages.signIn", () => {
    it("redirects to the configured path with the encoded callbackUrl", () => {
      const response = renderSignInPage(makeContext({ pages: { signIn: "/login" } }))
      expect(response.status).toBe(302)
      expect(response.headers.location).toBe("/login?callbackUrl=http%3A%2F%2Flocalhost%3A3000")
      expect(response.body).toBeUndefined()
      expect(response.cookies).toEqual(initCookies)
    })

    it("forwards the error query, encoded", () => {
      const response = renderSignInPage(
        makeContext({
          pages: { signIn: "/login" },
          query: { error: "OAuthSignin" },
          callbackUrl: "http://localhost:3000/a?b=c&d",
        }),
      )
      expect(response.headers.location).toBe(
        "/login?callbackUrl=http%3A%2F%2Flocalhost%3A3000%2Fa%3Fb%3Dc%26d&error=OAuthSignin",
      )
      const hostile = renderSignInPage(makeContext({ pages: { signIn: "/login" }, query: { error: "x&admin=1#frag" } }))
      expect(new URL(hostile.headers.location!, "http://h").searchParams.get("error")).toBe("x&admin=1#frag")
      expect(new URL(hostile.headers.location!, "http://h").searchParams.get("admin")).toBeNull()
    })

    it("appends with & when the path already has a query", () => {
      const response = renderSignInPage(makeContext({ pages: { signIn: "/login?tab=1" } }))
      expect(response.headers.location).toBe("/login?tab=1&callbackUrl=http%3A%2F%2Flocalhost%3A3000")
    })
  })
})
