// No token in any URL the app emits, page it serves, answer body or log line: every flow is walked
// (credentials, OIDC with the IdP's tokens kept in the session, email links, sign-out, the pages),
// plus the usual failures, and everything that came back is searched for every secret seen on the
// way: the config secret, session and check cookie values, CSRF tokens, the IdP's access token and
// authorization codes, email link tokens.
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { decode } from "../../../lib/jwt.js"
import { freePort } from "../../utils/free-port.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { TEST_SECRET } from "../../utils/nest-auth-config.js"
import { type OidcIssuer, startOidcIssuer } from "../../utils/oidc/index.js"
import { recordingLogger } from "../../utils/test-config.js"
import { securityAppModule, type SentLink } from "../security-app.module.js"
import { visit, walkEveryFlow, type Site } from "./flows.js"
import { AuditingJar } from "./response-audit.js"

const PASSWORD = "correct horse battery staple"
const log = recordingLogger()
const outbox: SentLink[] = []
let app: RunningApp
let op: OidcIssuer
let site: Site
const jar = new AuditingJar()

beforeAll(async () => {
  const port = await freePort()
  const appUrl = `http://127.0.0.1:${port}`
  op = await startOidcIssuer({
    clients: [{ client_id: "corp-app", client_secret: "corp-secret", redirect_uris: [`${appUrl}/auth/callback/corp`] }],
  })
  app = await startApp(
    securityAppModule({
      password: PASSWORD,
      oidc: [{ issuer: op.issuer }],
      outbox,
      bearer: true,
      // The IdP's tokens go into the session JWT, so there are IdP tokens to lose.
      config: { logger: log.logger, tokens: { keep: true } },
    }),
    undefined,
    port,
  )
  site = { appUrl, scheme: "http", outbox, password: PASSWORD }
  await walkEveryFlow(site, jar)
  // The usual failures, each logged.
  const form = { "content-type": "application/x-www-form-urlencoded" }
  await visit(site, jar, "/profile", { headers: { cookie: "authjs.session-token=garbage.garbage.garbage.garbage.garbage" } })
  await visit(site, jar, "/profile", { headers: { authorization: "Bearer eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..AAAA.BBBB.CCCC" } })
  const { csrfToken } = (await (await visit(site, jar, "/auth/csrf")).json()) as { csrfToken: string }
  const start = await visit(site, jar, "/auth/signin/corp", { method: "POST", headers: form, body: new URLSearchParams({ csrfToken }).toString() })
  const state = new URL(start.headers.get("location")!).searchParams.get("state")!
  await visit(site, jar, `/auth/callback/corp?code=forged-code-0123456789&state=${encodeURIComponent(state)}&iss=${encodeURIComponent(op.issuer)}`)
  await visit(site, jar, "/auth/callback/email?token=0123456789abcdef0123456789abcdef&email=reader%40example.com")
  await visit(site, jar, "/auth/callback/credentials", { method: "POST", headers: form, body: new URLSearchParams({ csrfToken: "wrong", password: PASSWORD }).toString() })
})
afterAll(async () => {
  await app?.app.close()
  await op?.stop()
})

/** Every secret the walk came across, with where it came from. */
async function secretsSeen(): Promise<Map<string, string>> {
  const secrets = new Map<string, string>([[TEST_SECRET, "the config secret"]])
  for (const cookie of jar.cookiesSet()) {
    if (cookie.value === "" || !/session-token|pkce|state|nonce|csrf-token/.test(cookie.name)) continue
    const value = decodeURIComponent(cookie.value)
    secrets.set(value, `the ${cookie.name} cookie`)
    if (cookie.name.includes("csrf-token")) secrets.set(value.split("|")[0]!, "a CSRF token")
    if (cookie.name.includes("session-token")) {
      const claims = await decode({ token: value, secret: TEST_SECRET, salt: cookie.name }).catch(() => null)
      if (typeof claims?.access_token === "string") secrets.set(claims.access_token, "the IdP's access token")
    }
  }
  for (const { url } of jar.responses) {
    const code = url.pathname.endsWith("/callback/corp") ? url.searchParams.get("code") : null
    if (code) secrets.set(code, "an authorization code")
  }
  for (const link of outbox) secrets.set(new URL(link.url).searchParams.get("token")!, "an email link token")
  return secrets
}

/** The CSRF token has two legitimate homes: the csrf answer and the pages' hidden form field. */
function withoutCsrfHomes(body: string): string {
  return body.replace(/"csrfToken":"[0-9a-f]{64}"/g, "").replace(/name="csrfToken" value="[0-9a-f]{64}"/g, "")
}

describe("tokens never leak", () => {
  it("the walk met every kind of secret it looks for", async () => {
    const kinds = new Set((await secretsSeen()).values())
    for (const kind of ["the config secret", "a CSRF token", "the IdP's access token", "an authorization code", "an email link token"]) {
      expect(kinds).toContain(kind)
    }
    expect([...kinds].some((k) => k.includes("session-token"))).toBe(true)
    expect([...kinds].some((k) => k.includes("pkce"))).toBe(true)
  })

  it("into any URL the app emitted: Location headers, links, form actions, JSON url", async () => {
    const urls = jar.emittedUrls()
    expect(urls.length).toBeGreaterThanOrEqual(20)
    for (const [secret, what] of await secretsSeen()) {
      for (const url of urls) expect(url.includes(secret), `${what} in ${url}`).toBe(false)
    }
  })

  it("into any page or answer body (the CSRF token only in its form field and the csrf answer)", async () => {
    for (const [secret, what] of await secretsSeen()) {
      for (const r of jar.responses) expect(withoutCsrfHomes(r.body).includes(secret), `${what} in the body of ${r.request}`).toBe(false)
    }
  })

  it("into the logs, whose errors say what failed without the token", async () => {
    expect(log.lines.length).toBeGreaterThanOrEqual(4)
    const logged = [
      ...log.errors.map((e) => `${e.name} ${e.message} ${e.stack ?? ""} ${describeCause(e.cause)}`),
      ...log.lines.filter((l) => l.level === "warn").map((l) => l.text),
    ].join("\n")
    for (const [secret, what] of await secretsSeen()) expect(logged.includes(secret), `${what} in the logs`).toBe(false)
    expect(logged).not.toContain("garbage.garbage")
  })
})

function describeCause(cause: unknown, depth = 0): string {
  if (depth > 3 || cause === undefined || cause === null) return ""
  if (cause instanceof Error) return `${cause.name} ${cause.message} ${cause.stack ?? ""} ${describeCause(cause.cause, depth + 1)}`
  try {
    return JSON.stringify(cause)
  } catch {
    return String(cause)
  }
}
