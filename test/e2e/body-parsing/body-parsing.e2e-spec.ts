// The auth routes read the body Nest's own parsers produced: the app keeps its body parser (no
// `bodyParser: false`), its limits, and `rawBody: true` for webhooks beside the auth routes.
import { NestFactory } from "@nestjs/core"
import type { NestExpressApplication } from "@nestjs/platform-express"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { CookieJar } from "../../utils/cookie-jar.js"
import { demoUser } from "../../utils/nest-auth-config.js"
import { BodyParsingAppModule, signWebhook } from "./app.module.js"

async function start(setup?: (app: NestExpressApplication) => void, rawBody = true) {
  const app = await NestFactory.create<NestExpressApplication>(BodyParsingAppModule, { rawBody, logger: false, abortOnError: false })
  setup?.(app)
  await app.listen(0, "127.0.0.1")
  return { app, url: (await app.getUrl()).replace("[::1]", "127.0.0.1") }
}

async function csrf(url: string): Promise<{ jar: CookieJar; csrfToken: string }> {
  const jar = new CookieJar()
  const { csrfToken } = (await (await jar.fetch(`${url}/auth/csrf`)).json()) as { csrfToken: string }
  return { jar, csrfToken }
}

describe("an app created with rawBody: true", () => {
  let running: Awaited<ReturnType<typeof start>>

  beforeAll(async () => {
    running = await start()
  })
  afterAll(async () => {
    await running?.app.close()
  })

  // Spacing and escapes that JSON.stringify(req.body) would not reproduce: only the raw bytes verify.
  const payload = Buffer.from('{ "type":"payment.succeeded",\n  "amount": 1200, "note": "caf\\u00e9" }')

  it("verifies a webhook signature over req.rawBody, and still parses req.body", async () => {
    const response = await fetch(`${running.url}/webhooks/payment`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-signature": signWebhook(payload) },
      body: payload,
      signal: AbortSignal.timeout(10_000),
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ verified: true, type: "payment.succeeded" })
  })

  it("refuses a webhook whose bytes changed (the check is real)", async () => {
    const response = await fetch(`${running.url}/webhooks/payment`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-signature": signWebhook(payload) },
      body: payload.toString().replace("1200", "9999"),
      signal: AbortSignal.timeout(10_000),
    })
    expect(await response.json()).toEqual({ verified: false, type: "payment.succeeded" })
  })

  it.each([
    ["a form", "application/x-www-form-urlencoded", (fields: Record<string, string>) => new URLSearchParams(fields).toString()],
    ["JSON", "application/json", (fields: Record<string, string>) => JSON.stringify(fields)],
  ])("signs in with credentials posted as %s, in the same app", async (_name, contentType, encode) => {
    const { jar, csrfToken } = await csrf(running.url)
    const response = await jar.fetch(`${running.url}/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": contentType },
      body: encode({ csrfToken, email: demoUser.email, password: "wonderland" }),
    })
    expect(response.status).toBe(302)
    expect(response.headers.get("location")).not.toContain("error")
    const session = (await (await jar.fetch(`${running.url}/auth/session`)).json()) as { user: { email: string } }
    expect(session.user.email).toBe(demoUser.email)
  })

  it("updates the session from a JSON body (POST session)", async () => {
    const { jar, csrfToken } = await csrf(running.url)
    await jar.fetch(`${running.url}/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ csrfToken, email: demoUser.email, password: "wonderland" }),
    })
    const updated = await jar.fetch(`${running.url}/auth/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ csrfToken, data: { theme: "dark" } }),
    })
    expect(updated.status).toBe(200)
    expect(await updated.json()).toMatchObject({ user: { email: demoUser.email } })
  })

  it("refuses a POST without the CSRF token in the parsed body", async () => {
    const { jar } = await csrf(running.url)
    const response = await jar.fetch(`${running.url}/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: demoUser.email, password: "wonderland" }),
    })
    expect(response.status).toBe(302)
    expect(response.headers.get("location")).toContain("error=MissingCSRF")
    expect(jar.get("authjs.session-token")).toBeUndefined()
  })
})

describe("the app's own body-parser limits apply to the auth routes", () => {
  let running: Awaited<ReturnType<typeof start>>

  beforeAll(async () => {
    running = await start((app) => app.useBodyParser("urlencoded", { limit: "2kb", extended: false }), false)
  })
  afterAll(async () => {
    await running?.app.close()
  })

  it("answers 413 to an oversized form, and nothing signs in", async () => {
    const { jar, csrfToken } = await csrf(running.url)
    const response = await jar.fetch(`${running.url}/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, email: demoUser.email, password: "wonderland", padding: "x".repeat(8_000) }).toString(),
    })
    expect(response.status).toBe(413)
    expect(jar.get("authjs.session-token")).toBeUndefined()
  })

  it("accepts a form under the limit", async () => {
    const { jar, csrfToken } = await csrf(running.url)
    const response = await jar.fetch(`${running.url}/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, email: demoUser.email, password: "wonderland" }).toString(),
    })
    expect(response.status).toBe(302)
    expect(jar.get("authjs.session-token")).toMatch(/^eyJ/)
  })
})
