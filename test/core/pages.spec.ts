import { createHash } from "node:crypto"
import { describe, expect, it } from "vitest"
import type { InternalProvider, PagesOptions, ResolvedConfig } from "../../lib/core/config/types.js"
import type { Theme } from "../../lib/core/vocabulary/theme.js"
import type { RequestContext } from "../../lib/core/context.js"
import { defaultCookies } from "../../lib/core/cookies.js"
import { escapeHtml, html, imageUrl, raw } from "../../lib/core/pages/html.js"
import {
  renderErrorPage,
  renderSignInPage,
  renderSignOutPage,
  renderVerifyRequestPage,
} from "../../lib/core/pages/render.js"
import { signInErrorMessage } from "../../lib/core/pages/signin.js"
import { cssColor } from "../../lib/core/pages/styles.js"
import type { AuthResponse, SetCookie } from "../../lib/core/vocabulary/http.js"

const XSS = `"><script>alert(1)</script>`
const STYLE_BREAK = `red;}</style><script>alert(1)</script>`

// ---------------------------------------------------------------------------------------------
// A small local context factory (test/utils/make-auth-request.ts will replace it later).

interface ContextOptions {
  providers?: InternalProvider[]
  pages?: PagesOptions
  theme?: Theme
  query?: Record<string, string>
  callbackUrl?: string
  csrfToken?: string
}

const initCookies: SetCookie[] = [{ name: "authjs.csrf-token", value: "tok|hash", options: { path: "/" } }]

function makeContext(options: ContextOptions = {}): RequestContext {
  const providers = options.providers ?? []
  const config = {
    providers,
    providersById: new Map(providers.map((p) => [p.id, p])),
    basePath: "/auth",
    pages: options.pages ?? {},
    theme: options.theme ?? { colorScheme: "auto", logo: "", brandColor: "", buttonText: "" },
  } as unknown as ResolvedConfig
  return {
    config,
    request: {
      method: "GET",
      action: "signin",
      protocol: "http",
      headers: { host: "localhost:3000" },
      query: options.query ?? {},
      cookies: {},
    },
    origin: "http://localhost:3000",
    baseUrl: "http://localhost:3000/auth",
    secure: false,
    cookies: defaultCookies(false),
    csrfToken: options.csrfToken ?? "csrf-123",
    csrfVerified: false,
    callbackUrl: options.callbackUrl ?? "http://localhost:3000",
    initCookies,
  }
}

function oauth(id: string, name: string, extra: Record<string, unknown> = {}): InternalProvider {
  return {
    id,
    name,
    type: "oauth",
    checks: ["pkce"],
    formPost: false,
    profile: () => ({}),
    account: () => ({}),
    ...extra,
  } as unknown as InternalProvider
}

function credentials(id: string, name: string, fields: Record<string, unknown>): InternalProvider {
  return { id, name, type: "credentials", credentials: fields, authorize: () => null } as unknown as InternalProvider
}

function email(id = "email", name = "Email"): InternalProvider {
  return { id, name, type: "email", sendVerificationRequest: () => undefined } as unknown as InternalProvider
}

// ---------------------------------------------------------------------------------------------
// A DOM-less reader: the tags of a document with their attributes, decoded. Escaped output never
// has a quote inside an attribute value, so this reads what a browser reads.

interface Tag {
  name: string
  attrs: Record<string, string>
}

const tagPattern = /<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g
const attrPattern = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g

function decode(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#96;/g, "`")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
}

function tags(document: string): Tag[] {
  const out: Tag[] = []
  for (const match of document.matchAll(tagPattern)) {
    const attrs: Record<string, string> = {}
    for (const a of match[2]!.matchAll(attrPattern)) {
      attrs[a[1]!.toLowerCase()] = decode(a[2] ?? a[3] ?? a[4] ?? "")
    }
    out.push({ name: match[1]!.toLowerCase(), attrs })
  }
  return out
}

function bodyOf(response: AuthResponse): string {
  expect(typeof response.body).toBe("string")
  return response.body as string
}

function forms(document: string): Array<{ action: string; method: string; inner: string }> {
  return [...document.matchAll(/<form ([^>]*)>([\s\S]*?)<\/form>/g)].map((m) => {
    const attrs = tags(`<form ${m[1]}>`)[0]!.attrs
    return { action: attrs.action!, method: attrs.method!, inner: m[2]! }
  })
}

function hiddenInputs(fragment: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const tag of tags(fragment)) {
    if (tag.name === "input" && tag.attrs.type === "hidden") out[tag.attrs.name!] = tag.attrs.value!
  }
  return out
}

function styleText(document: string): string {
  const match = /<style>([\s\S]*?)<\/style>/.exec(document)
  expect(match).not.toBeNull()
  return match![1]!
}

/** Nothing in the document can run script or load from elsewhere than the page allows. */
function expectInert(document: string): void {
  const found = tags(document)
  const forbidden = ["script", "iframe", "object", "embed", "base", "link", "svg", "math"]
  expect(found.filter((t) => forbidden.includes(t.name))).toEqual([])
  for (const tag of found) {
    for (const attr of Object.keys(tag.attrs)) expect(attr.startsWith("on")).toBe(false)
    expect(tag.attrs.style).toBeUndefined()
    expect(tag.attrs.formaction).toBeUndefined()
  }
  expect(document.match(/<style\b/gi)).toHaveLength(1)
  expect(document.match(/<\/style/gi)).toHaveLength(1)
  expect(document.match(/<script/gi)).toBeNull()
}

// ---------------------------------------------------------------------------------------------

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
