import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { resolveProviders } from "../../lib/core/config/providers.js"
import type { InternalEmailProvider } from "../../lib/core/config/types.js"
import Nodemailer from "../../lib/providers/nodemailer.js"
import type { SendVerificationRequestParams } from "../../lib/providers/types.js"
import { MailSink, signInLink } from "../../sample/mail-sink.js"

const link = "http://localhost:3000/auth/callback/nodemailer?callbackUrl=http%3A%2F%2Flocalhost%3A3000&token=abc&email=a%40example.com"

function resolve(provider: unknown, env: Record<string, string> = {}): InternalEmailProvider {
  return resolveProviders([provider as never], env)[0] as InternalEmailProvider
}

function params(provider: InternalEmailProvider, overrides: Partial<SendVerificationRequestParams> = {}) {
  return {
    identifier: "someone@example.com",
    url: link,
    expires: new Date(Date.now() + 60_000),
    token: "abc",
    provider,
    theme: {},
    request: new Request("http://localhost:3000/auth/signin/nodemailer", { method: "POST" }),
    ...overrides,
  } satisfies SendVerificationRequestParams
}

describe("Nodemailer()", () => {
  it("is an email provider with Auth.js's id, name and one-day links", () => {
    const provider = Nodemailer({ from: "Acme <no-reply@acme.test>" })
    expect(provider).toMatchObject({ id: "nodemailer", type: "email", name: "Nodemailer", maxAge: 86400 })
    expect(provider.options).toEqual({ from: "Acme <no-reply@acme.test>" })
    expect(typeof provider.sendVerificationRequest).toBe("function")
  })

  it("takes the server and sender from AUTH_EMAIL_SERVER / AUTH_EMAIL_FROM, then EMAIL_SERVER / EMAIL_FROM", () => {
    const env = { AUTH_EMAIL_SERVER: "smtp://auth.test:25", EMAIL_SERVER: "smtp://legacy.test:25", EMAIL_FROM: "x@legacy.test" }
    expect(resolve(Nodemailer, env)).toMatchObject({ server: "smtp://auth.test:25", from: "x@legacy.test" })
    expect(resolve(Nodemailer(), { EMAIL_SERVER: "smtp://legacy.test:25" })).toMatchObject({ server: "smtp://legacy.test:25" })
  })

  it("prefers the options over the environment", () => {
    const provider = resolve(Nodemailer({ server: { host: "mail.test", port: 587 }, from: "me@acme.test" }), {
      AUTH_EMAIL_SERVER: "smtp://env.test:25",
      AUTH_EMAIL_FROM: "env@acme.test",
    })
    expect(provider).toMatchObject({ server: { host: "mail.test", port: 587 }, from: "me@acme.test" })
  })

  it("fails at start-up without a server, naming the variable", () => {
    expect(() => resolve(Nodemailer)).toThrow(/providers\[0\] \(nodemailer\) has no SMTP server: set AUTH_EMAIL_SERVER/)
    expect(() => resolve(Nodemailer({ id: "magic" }))).toThrow(/\(magic\) has no SMTP server/)
  })

  it("checks the email options' types at start-up", () => {
    expect(() => resolve(Nodemailer({ server: "smtp://x.test", maxAge: -1 }))).toThrow(/maxAge must be a positive number/)
    expect(() => resolve(Nodemailer({ server: "smtp://x.test", normalizeIdentifier: "lower" as never }))).toThrow(
      /normalizeIdentifier must be a function/,
    )
    expect(() => resolve({ id: "mail", type: "email" })).toThrow(/has no sendVerificationRequest function/)
  })

  it("accepts any object of type email with a sendVerificationRequest (no server needed)", () => {
    const provider = resolve({ id: "http-email", name: "Email", type: "email", sendVerificationRequest: () => {} })
    expect(provider).toMatchObject({ id: "http-email", type: "email" })
    expect(provider.server).toBeUndefined()
  })
})

describe("Nodemailer sendVerificationRequest", () => {
  const sink = new MailSink()
  let server: string

  beforeAll(async () => {
    server = await sink.start()
  })
  afterAll(() => sink.close())

  it("sends the link over SMTP with a subject naming the site", async () => {
    const provider = resolve(Nodemailer({ server, from: "Acme <no-reply@acme.test>" }))
    await provider.sendVerificationRequest(params(provider, { identifier: "first@example.com" }))
    const mail = await sink.waitForMail((m) => m.to.includes("first@example.com"))
    expect(mail.from).toBe("no-reply@acme.test")
    expect(mail.headers.from).toBe("Acme <no-reply@acme.test>")
    expect(mail.headers.to).toBe("first@example.com")
    expect(mail.subject).toBe("Sign in to localhost:3000")
    expect(signInLink(mail)).toBe(link)
    // In the HTML the link is escaped and the host is broken up so clients do not auto-link it.
    expect(mail.html).toContain(`href="${link.replace(/&/g, "&amp;")}"`)
    expect(mail.html).toContain("localhost:3000")
    expect(mail.html).not.toContain("<script")
  })

  it("uses no-reply@<site host> as the sender by default", async () => {
    const provider = resolve(Nodemailer({ server }))
    await provider.sendVerificationRequest(params(provider, { identifier: "second@example.com" }))
    const mail = await sink.waitForMail((m) => m.to.includes("second@example.com"))
    expect(mail.from).toBe("no-reply@localhost")
  })

  it("paints the button with a valid theme brand color and ignores an invalid one", async () => {
    const provider = resolve(Nodemailer({ server }))
    await provider.sendVerificationRequest(
      params(provider, { identifier: "third@example.com", theme: { brandColor: "#0a7d3c", buttonText: "#fff" } }),
    )
    await provider.sendVerificationRequest(
      params(provider, { identifier: "fourth@example.com", theme: { brandColor: "red;background:url(x)" } }),
    )
    expect((await sink.waitForMail((m) => m.to.includes("third@example.com"))).html).toContain("background: #0a7d3c")
    const fallback = (await sink.waitForMail((m) => m.to.includes("fourth@example.com"))).html
    expect(fallback).toContain("background: #346df1")
    expect(fallback).not.toContain("url(x)")
  })

  it("throws when the mail server cannot be reached", async () => {
    const closed = new MailSink()
    const url = await closed.start()
    await closed.close()
    const provider = resolve(Nodemailer({ server: url }))
    await expect(provider.sendVerificationRequest(params(provider))).rejects.toThrow()
  })

  it("throws before connecting when the provider has no server", async () => {
    const provider = { ...Nodemailer(), server: undefined } as unknown as InternalEmailProvider
    await expect(provider.sendVerificationRequest(params(provider))).rejects.toThrow(/has no server/)
  })
})
