// Cookie and header hygiene over every flow, on plain http and behind an https proxy: the
// attributes of every cookie set, Cache-Control on session and CSRF answers, and the pages'
// Content-Security-Policy.
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { freePort } from "../../utils/free-port.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { type OidcIssuer, startOidcIssuer } from "../../utils/oidc/index.js"
import { securityAppModule, type SentLink } from "../security-app.module.js"
import { walkEveryFlow, type Site } from "./flows.js"
import { AuditingJar } from "./response-audit.js"

const PASSWORD = "correct horse battery staple"
let app: RunningApp
let op: OidcIssuer
let appUrl: string
const outbox: SentLink[] = []
const walked = new Map<"http" | "https", AuditingJar>()

beforeAll(async () => {
  const port = await freePort()
  appUrl = `http://127.0.0.1:${port}`
  op = await startOidcIssuer({
    clients: [
      {
        client_id: "corp-app",
        client_secret: "corp-secret",
        redirect_uris: [`http://127.0.0.1:${port}/auth/callback/corp`, `https://127.0.0.1:${port}/auth/callback/corp`],
      },
    ],
  })
  app = await startApp(securityAppModule({ password: PASSWORD, oidc: [{ issuer: op.issuer }], outbox }), undefined, port)
  for (const scheme of ["http", "https"] as const) {
    const jar = new AuditingJar()
    const site: Site = { appUrl, scheme, outbox, password: PASSWORD }
    await walkEveryFlow(site, jar)
    walked.set(scheme, jar)
  }
})
afterAll(async () => {
  await app?.app.close()
  await op?.stop()
})

describe.each(["http", "https"] as const)("cookies set over %s", (scheme) => {
  it("are all HttpOnly, SameSite=Lax and Path=/, including their deletions", () => {
    const cookies = walked.get(scheme)!.cookiesSet()
    // Every kind of cookie the routes set came up in the walk.
    const kinds = new Set(cookies.map((c) => c.name.replace(/^__(Secure|Host)-/, "").replace(/\.\d+$/, "")))
    expect([...kinds].sort()).toEqual(
      ["authjs.callback-url", "authjs.csrf-token", "authjs.nonce", "authjs.pkce.code_verifier", "authjs.session-token", "authjs.state"].sort(),
    )
    for (const cookie of cookies) {
      expect(cookie.attributes.has("httponly"), cookie.name).toBe(true)
      expect(cookie.attributes.get("samesite"), cookie.name).toBe("Lax")
      expect(cookie.attributes.get("path"), cookie.name).toBe("/")
      expect(cookie.attributes.has("domain"), cookie.name).toBe(false)
    }
  })

  it(scheme === "https" ? "are Secure, with the __Secure- prefix (__Host- for CSRF)" : "are not Secure and carry no prefix", () => {
    for (const cookie of walked.get(scheme)!.cookiesSet()) {
      expect(cookie.attributes.has("secure"), cookie.name).toBe(scheme === "https")
      if (scheme === "http") expect(cookie.name).toMatch(/^authjs\./)
      else if (cookie.name.endsWith("csrf-token")) expect(cookie.name).toBe("__Host-authjs.csrf-token")
      else expect(cookie.name).toMatch(/^__Secure-authjs\./)
    }
  })

  it("give the session and check cookies an expiry, and the check cookies no more than 15 minutes", () => {
    const now = Date.now()
    for (const cookie of walked.get(scheme)!.cookiesSet()) {
      if (cookie.value === "") continue // a deletion
      if (/session-token|pkce|state|nonce/.test(cookie.name)) expect(cookie.attributes.has("expires"), cookie.name).toBe(true)
      if (/pkce|state|nonce/.test(cookie.name)) {
        expect(Date.parse(cookie.attributes.get("expires")!) - now).toBeLessThanOrEqual(15 * 60 * 1000 + 5_000)
      }
    }
  })
})

describe.each(["http", "https"] as const)("answers over %s", (scheme) => {
  it("tell caches not to store session and CSRF answers", () => {
    const answers = walked.get(scheme)!.responses.filter((r) => /\/auth\/(session|csrf)$/.test(r.request))
    expect(answers.length).toBeGreaterThanOrEqual(4)
    for (const answer of answers) expect(answer.headers.get("cache-control"), answer.request).toContain("no-store")
  })

  it("give every page a restrictive Content-Security-Policy, no-store, and no script", () => {
    const pages = walked.get(scheme)!.responses.filter((r) => r.headers.get("content-type")?.startsWith("text/html"))
    expect(pages.length).toBeGreaterThanOrEqual(5)
    for (const page of pages) {
      const csp = page.headers.get("content-security-policy") ?? ""
      const directives = new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name = "", ...values]) => [name, values]))
      expect(directives.get("default-src"), page.request).toEqual(["'none'"])
      expect(directives.get("frame-ancestors")).toEqual(["'none'"])
      expect(directives.get("base-uri")).toEqual(["'none'"])
      expect(directives.has("script-src")).toBe(false) // falls back to default-src 'none'
      expect(directives.get("style-src")?.every((v) => v.startsWith("'sha256-"))).toBe(true)
      expect(csp).not.toMatch(/unsafe-(inline|eval)|\*/)
      expect(page.headers.get("cache-control")).toContain("no-store")
      expect(page.body).not.toMatch(/<script|\son\w+=/i)
    }
  })
})

describe("POST session (an update)", () => {
  it("says no-store too (Auth.js does not), as it carries the session", async () => {
    const jar = new AuditingJar()
    const site: Site = { appUrl, scheme: "http", outbox, password: PASSWORD }
    const { csrfToken } = (await (await jar.fetch(`${appUrl}/auth/csrf`)).json()) as { csrfToken: string }
    await jar.fetch(`${appUrl}/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, email: "sec@example.com", password: site.password }).toString(),
    })
    const update = await jar.fetch(`${appUrl}/auth/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ csrfToken, data: {} }),
    })
    expect(await update.json()).toMatchObject({ user: { email: "sec@example.com" } })
    expect(update.headers.get("cache-control")).toBe("private, no-cache, no-store")
  })
})
