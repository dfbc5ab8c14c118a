import { expect } from "vitest"
import type { InternalProvider, PagesOptions, ResolvedConfig } from "../../../lib/core/config/types.js"
import type { Theme } from "../../../lib/core/vocabulary/theme.js"
import type { RequestContext } from "../../../lib/core/context.js"
import { defaultCookies } from "../../../lib/core/cookies.js"
import type { AuthResponse, SetCookie } from "../../../lib/core/vocabulary/http.js"

// Shared by the page specs in this folder: a request context for the renderers, provider stubs,
// and a DOM-less reader of the rendered HTML.

export const XSS = `"><script>alert(1)</script>`
export const STYLE_BREAK = `red;}</style><script>alert(1)</script>`

// ---------------------------------------------------------------------------------------------
// A small local context factory (test/utils/make-auth-request.ts will replace it later).

export interface ContextOptions {
  providers?: InternalProvider[]
  pages?: PagesOptions
  theme?: Theme
  query?: Record<string, string>
  callbackUrl?: string
  csrfToken?: string
}

export const initCookies: SetCookie[] = [{ name: "authjs.csrf-token", value: "tok|hash", options: { path: "/" } }]

export function makeContext(options: ContextOptions = {}): RequestContext {
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

export function oauth(id: string, name: string, extra: Record<string, unknown> = {}): InternalProvider {
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

export function credentials(id: string, name: string, fields: Record<string, unknown>): InternalProvider {
  return { id, name, type: "credentials", credentials: fields, authorize: () => null } as unknown as InternalProvider
}

export function email(id = "email", name = "Email"): InternalProvider {
  return { id, name, type: "email", sendVerificationRequest: () => undefined } as unknown as InternalProvider
}

// ---------------------------------------------------------------------------------------------
// A DOM-less reader: the tags of a document with their attributes, decoded. Escaped output never
// has a quote inside an attribute value, so this reads what a browser reads.

export interface Tag {
  name: string
  attrs: Record<string, string>
}

const tagPattern = /<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g
const attrPattern = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g

export function decode(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#96;/g, "`")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
}

export function tags(document: string): Tag[] {
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

export function bodyOf(response: AuthResponse): string {
  expect(typeof response.body).toBe("string")
  return response.body as string
}

export function forms(document: string): Array<{ action: string; method: string; inner: string }> {
  return [...document.matchAll(/<form ([^>]*)>([\s\S]*?)<\/form>/g)].map((m) => {
    const attrs = tags(`<form ${m[1]}>`)[0]!.attrs
    return { action: attrs.action!, method: attrs.method!, inner: m[2]! }
  })
}

export function hiddenInputs(fragment: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const tag of tags(fragment)) {
    if (tag.name === "input" && tag.attrs.type === "hidden") out[tag.attrs.name!] = tag.attrs.value!
  }
  return out
}

export function styleText(document: string): string {
  const match = /<style>([\s\S]*?)<\/style>/.exec(document)
  expect(match).not.toBeNull()
  return match![1]!
}

/** Nothing in the document can run script or load from elsewhere than the page allows. */
export function expectInert(document: string): void {
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
