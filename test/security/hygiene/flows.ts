import { expect } from "vitest"
import { followAuthorization } from "../../utils/oidc/index.js"
import type { SentLink } from "../security-app.module.js"
import type { AuditingJar } from "./response-audit.js"

/** The app as a browser reaches it: directly over http, or over https through a TLS-terminating proxy. */
export interface Site {
  /** `http://127.0.0.1:<port>`: where the test connects. */
  appUrl: string
  scheme: "http" | "https"
  outbox: SentLink[]
  password: string
}

const form = (fields: Record<string, string>): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
})

/**
 * Fetches `url` the way the browser reaches the site: an https URL of the site goes to the plain
 * listener with `X-Forwarded-Proto: https`, as a proxy in front of the app would send it.
 */
export function visit(site: Site, jar: AuditingJar, url: string, init: RequestInit = {}): Promise<Response> {
  const target = new URL(url, site.appUrl)
  const headers = new Headers(init.headers)
  if (site.scheme === "https") {
    headers.set("x-forwarded-proto", "https")
    if (target.protocol === "https:") target.protocol = "http:"
  }
  return jar.fetch(target, { ...init, headers })
}

async function csrfToken(site: Site, jar: AuditingJar): Promise<string> {
  return ((await (await visit(site, jar, "/auth/csrf")).json()) as { csrfToken: string }).csrfToken
}

/**
 * Every flow the built-in routes serve, in one browser: the pages, a refused and an accepted
 * credentials sign-in, the session and a guarded route, an OIDC sign-in, an email link, the error
 * pages, and sign-out after each sign-in. Checks only that each step did what it should; the
 * callers look at what was emitted along the way.
 */
export async function walkEveryFlow(site: Site, jar: AuditingJar): Promise<void> {
  const origin = `${site.scheme}://${new URL(site.appUrl).host}`
  for (const path of ["/auth/signin", "/auth/signout", "/auth/verify-request", "/auth/error?error=Verification", "/auth/error?error=Configuration", "/auth/providers"]) {
    await visit(site, jar, path)
  }
  // A browser without a session is sent to sign in.
  expect((await visit(site, jar, "/profile", { headers: { accept: "text/html" } })).status).toBe(302)

  // Credentials: refused, then accepted.
  let token = await csrfToken(site, jar)
  const refused = await visit(site, jar, "/auth/callback/credentials", form({ csrfToken: token, email: "sec@example.com", password: "wrong", callbackUrl: `${origin}/profile` }))
  expect(refused.headers.get("location")).toContain("error=CredentialsSignin")
  const accepted = await visit(site, jar, "/auth/callback/credentials", form({ csrfToken: token, email: "sec@example.com", password: site.password, callbackUrl: `${origin}/profile` }))
  expect(accepted.headers.get("location")).toBe(`${origin}/profile`)
  expect((await visit(site, jar, "/profile")).status).toBe(200)
  expect(await (await visit(site, jar, "/auth/session")).json()).toMatchObject({ user: { email: "sec@example.com" } })
  await visit(site, jar, "/auth/signout", form({ csrfToken: token, callbackUrl: `${origin}/public` }))

  // OIDC.
  token = await csrfToken(site, jar)
  const start = await visit(site, jar, "/auth/signin/corp", form({ csrfToken: token, callbackUrl: `${origin}/profile` }))
  const { callbackUrl } = await followAuthorization(start.headers.get("location")!)
  expect((await visit(site, jar, callbackUrl.href)).headers.get("location")).toBe(`${origin}/profile`)
  expect((await visit(site, jar, "/profile")).status).toBe(200)
  await visit(site, jar, "/auth/signout", form({ csrfToken: token }))

  // An email link.
  token = await csrfToken(site, jar)
  const asked = await visit(site, jar, "/auth/signin/email", form({ csrfToken: token, email: "reader@example.com", callbackUrl: `${origin}/profile` }))
  expect(asked.headers.get("location")).toContain("/auth/verify-request")
  const link = site.outbox.at(-1)!
  expect(link.identifier).toBe("reader@example.com")
  expect((await visit(site, jar, link.url)).headers.get("location")).toBe(`${origin}/profile`)
  expect((await visit(site, jar, "/profile")).status).toBe(200)
  // The same link again: refused.
  expect((await visit(site, jar, link.url)).headers.get("location")).toContain("error=Verification")
  await visit(site, jar, "/auth/signout", form({ csrfToken: token }))
  expect((await visit(site, jar, "/profile")).status).toBe(401)
}
