// The adapter throwing during email sign-in (the database gone while a link is asked for or
// opened). Database sessions and OAuth sign-ins with a throwing adapter, and PostgreSQL stopped
// mid-run, are covered in test/e2e/database-faults/database-faults.e2e-spec.ts; this adds the email
// links: clean Configuration answers, one log line, no mail and no session, and recovery.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { MemoryAdapter, type Adapter } from "../../../lib/index.js"
import { CookieJar } from "../../utils/cookie-jar.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { recordingLogger } from "../../utils/test-config.js"
import { securityAppModule, type SentLink } from "../security-app.module.js"

const SESSION = "authjs.session-token"
const log = recordingLogger()
const outbox: SentLink[] = []
/** Adapter methods that throw, as they would with the database gone. */
const failing = new Set<string>()
const memory = MemoryAdapter()
const adapter = new Proxy(memory, {
  get(target, key, receiver) {
    const value = Reflect.get(target, key, receiver)
    if (typeof value !== "function") return value
    return (...args: unknown[]) => {
      if (failing.has(String(key))) return Promise.reject(new Error(`connect ECONNREFUSED 127.0.0.1:5432 (${String(key)})`))
      return (value as (...a: unknown[]) => unknown).apply(target, args)
    }
  },
}) as Adapter
let app: RunningApp

beforeAll(async () => {
  app = await startApp(securityAppModule({ password: "unused", outbox, config: { adapter, logger: log.logger } }))
})
afterAll(() => app?.app.close())
beforeEach(() => failing.clear())

const form = (fields: Record<string, string>): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
})

async function askForLink(jar: CookieJar, email: string): Promise<Response> {
  const { csrfToken } = (await (await jar.fetch(`${app.url}/auth/csrf`)).json()) as { csrfToken: string }
  return jar.fetch(`${app.url}/auth/signin/email`, form({ csrfToken, email, callbackUrl: `${app.url}/profile` }))
}

const configurationPage = () => `${app.url}/auth/error?error=Configuration`

describe("the adapter throws during email sign-in", () => {
  it("while a link is asked for: Configuration, no mail, one log line; the next request gets its link", async () => {
    failing.add("createVerificationToken")
    const jar = new CookieJar()
    const mails = outbox.length
    const before = log.errors.length
    expect((await askForLink(jar, "down@example.com")).headers.get("location")).toBe(configurationPage())
    expect(outbox.length).toBe(mails)
    expect(log.errors.length - before).toBe(1)
    expect((log.errors.at(-1) as { type?: string }).type).toBe("AdapterError")

    failing.clear()
    expect((await askForLink(jar, "down@example.com")).headers.get("location")).toContain("/auth/verify-request")
    expect(outbox.at(-1)?.identifier).toBe("down@example.com")
  })

  it("while the link is opened: Configuration (not Verification), no session; the same link works once the store is back", async () => {
    const jar = new CookieJar()
    await askForLink(jar, "opener@example.com")
    const link = outbox.at(-1)!.url
    failing.add("useVerificationToken")
    const before = log.errors.length
    expect((await jar.fetch(link)).headers.get("location")).toBe(configurationPage())
    expect(jar.get(SESSION)).toBeUndefined()
    expect((await jar.fetch(`${app.url}/profile`)).status).toBe(401)
    expect(log.errors.length - before).toBe(1)

    failing.clear()
    expect((await jar.fetch(link)).headers.get("location")).toBe(`${app.url}/profile`)
    expect((await jar.fetch(`${app.url}/profile`)).status).toBe(200)
  })

  it("after the link was spent: Configuration and no session; a new link signs the user in", async () => {
    const jar = new CookieJar()
    await askForLink(jar, "spent@example.com")
    const link = outbox.at(-1)!.url
    // The token is handed back (and deleted), then the user lookup fails.
    failing.add("getUserByEmail")
    expect((await jar.fetch(link)).headers.get("location")).toBe(configurationPage())
    expect(jar.get(SESSION)).toBeUndefined()
    failing.clear()
    // That link was single-use, so it stays spent; a new one works.
    expect((await jar.fetch(link)).headers.get("location")).toBe(`${app.url}/auth/error?error=Verification`)
    await askForLink(jar, "spent@example.com")
    expect((await jar.fetch(outbox.at(-1)!.url)).headers.get("location")).toBe(`${app.url}/profile`)
    expect((await jar.fetch(`${app.url}/health`)).status).toBe(200)
  })
})
