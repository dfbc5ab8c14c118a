import { describe, expect, it } from "vitest"
import { MemoryAdapter } from "../../../lib/adapters/memory-adapter.js"
import type { Adapter } from "../../../lib/core/vocabulary/adapter.js"
import { hashVerificationToken } from "../../../lib/core/email/verification-token.js"
import { makeAuthRequest } from "../../utils/make-auth-request.js"
import { AUTH_SECRET, testConfig } from "../../utils/test-config.js"
import { recordingEmail, setup, requestLink } from "./email-helpers.js"

// Email sign-in, first half: the provider's configuration and POST signin/email (asking for a link).

describe("email provider configuration", () => {
  it("needs an adapter, and says so at start-up", () => {
    expect(() => testConfig({ providers: [recordingEmail().provider] })).toThrow(
      /providers\[0\] \(email\) is an email provider: it needs an adapter/,
    )
  })

  it("needs createVerificationToken, useVerificationToken and getUserByEmail", () => {
    const { createVerificationToken: _a, useVerificationToken: _b, ...rest } = MemoryAdapter()
    expect(() =>
      testConfig({ providers: [recordingEmail().provider], adapter: rest as Adapter, session: { strategy: "jwt" } }),
    ).toThrow(/the adapter needs the methods createVerificationToken, useVerificationToken/)
  })

  it("accepts an adapter with the JWT strategy", () => {
    expect(setup().config.session.strategy).toBe("jwt")
  })
})

describe("POST /auth/signin/email", () => {
  it("stores a hashed token, sends the link, and redirects to verify-request", async () => {
    const s = setup()
    const { res } = await requestLink(s, { email: "  Alice@Example.COM ", callbackUrl: "/welcome" })
    expect(res.status).toBe(302)
    expect(res.headers.location).toBe("http://localhost:3000/auth/verify-request?provider=email&type=email")

    expect(s.sent).toHaveLength(1)
    const { identifier, url, token, expires, theme, request, provider } = s.sent[0]!
    expect(identifier).toBe("alice@example.com")
    expect(token).toMatch(/^[0-9a-f]{64}$/)
    const link = new URL(url)
    expect(link.origin + link.pathname).toBe("http://localhost:3000/auth/callback/email")
    expect(Object.fromEntries(link.searchParams)).toEqual({
      callbackUrl: "http://localhost:3000/welcome",
      token,
      email: "alice@example.com",
    })
    expect(expires.valueOf() - Date.now()).toBeGreaterThan(86_400_000 - 60_000)
    expect(expires.valueOf() - Date.now()).toBeLessThanOrEqual(86_400_000)
    expect(theme).toEqual(s.config.theme)
    expect(provider.id).toBe("email")
    expect(request).toBeInstanceOf(Request)
    expect(request.url).toBe("http://localhost:3000/auth/signin/email")

    // Only the hash is stored: the raw token finds nothing, the hash finds it once.
    expect(await s.adapter.useVerificationToken({ identifier: "alice@example.com", token })).toBeNull()
    const stored = await s.adapter.useVerificationToken({
      identifier: "alice@example.com",
      token: hashVerificationToken(token, AUTH_SECRET),
    })
    expect(stored).toMatchObject({ identifier: "alice@example.com", expires })
  })

  it("requires the CSRF token and sends nothing without it", async () => {
    const s = setup()
    const res = await makeAuthRequest(s.config, {
      method: "POST",
      action: "signin",
      providerId: "email",
      body: { email: "alice@example.com" },
    })
    expect(res.headers.location).toBe("http://localhost:3000/auth/signin?error=MissingCSRF")
    expect(s.sent).toHaveLength(0)
  })

  it.each([
    ["no address", {}],
    ["an address with CR LF and a Bcc header", { email: "alice@example.com\r\nBcc: eve@evil.test" }],
    ["two addresses", { email: "alice@example.com,eve@evil.test" }],
    ["a quoted local part", { email: '"eve@evil.test"@example.com' }],
    ["a list", { email: ["alice@example.com", "eve@evil.test"] }],
    ["a huge value", { email: `${"a".repeat(100_000)}@example.com` }],
  ])("sends %s back to the sign-in page with EmailSignin and no mail", async (_, body) => {
    const s = setup()
    const { res } = await requestLink(s, body)
    expect(res.status).toBe(302)
    expect(res.headers.location).toBe("http://localhost:3000/auth/signin?error=EmailSignin")
    expect(s.sent).toHaveLength(0)
  })

  it("goes to pages.signIn when the address is refused", async () => {
    const s = setup({ pages: { signIn: "/login" } })
    const { res } = await requestLink(s, { email: "not-an-address" })
    expect(res.headers.location).toBe("http://localhost:3000/login?error=EmailSignin")
  })

  it("reports a mail that could not be sent on the sign-in page and logs why", async () => {
    const s = setup(
      {},
      recordingEmail({
        sendVerificationRequest: () => {
          throw new Error("SMTP said no")
        },
      }),
    )
    const { res } = await requestLink(s, { email: "alice@example.com" })
    expect(res.headers.location).toBe("http://localhost:3000/auth/signin?error=EmailSignin")
    expect(s.log.errors.map((e) => e.name)).toEqual(["EmailSignInError"])
    expect((s.log.errors[0]!.cause as Error).message).toBe("SMTP said no")
  })

  it("asks the signIn callback first: false is AccessDenied and nothing is sent", async () => {
    const seen: unknown[] = []
    const s = setup({ callbacks: { signIn: (params) => (seen.push(params), false) } })
    const { res } = await requestLink(s, { email: "alice@example.com" })
    expect(res.headers.location).toBe("http://localhost:3000/auth/error?error=AccessDenied")
    expect(s.sent).toHaveLength(0)
    expect(seen).toEqual([
      {
        user: { id: expect.any(String), email: "alice@example.com", emailVerified: null },
        account: { providerAccountId: "alice@example.com", userId: expect.any(String), type: "email", provider: "email" },
        email: { verificationRequest: true },
      },
    ])
  })

  it("follows a redirect the signIn callback returns, without sending", async () => {
    const s = setup({ callbacks: { signIn: () => "/waitlist" } })
    const { res } = await requestLink(s, { email: "alice@example.com" })
    expect(res.headers.location).toBe("http://localhost:3000/waitlist")
    expect(s.sent).toHaveLength(0)
  })

  it("uses the provider's normalizeIdentifier, maxAge, token generator and secret", async () => {
    const email = recordingEmail({
      normalizeIdentifier: (value) => value.trim().toUpperCase(),
      generateVerificationToken: () => "123456",
      maxAge: 600,
      secret: "email-only-secret",
    })
    const s = setup({}, email)
    await requestLink(s, { email: " alice@example.com" })
    const { identifier, token, expires } = email.sent[0]!
    expect([identifier, token]).toEqual(["ALICE@EXAMPLE.COM", "123456"])
    expect(expires.valueOf() - Date.now()).toBeLessThanOrEqual(600_000)
    const stored = await s.adapter.useVerificationToken({
      identifier: "ALICE@EXAMPLE.COM",
      token: hashVerificationToken("123456", "email-only-secret"),
    })
    expect(stored).not.toBeNull()
  })

  it("still refuses a multi-line address from a custom normalizeIdentifier", async () => {
    const s = setup({}, recordingEmail({ normalizeIdentifier: (value) => value }))
    const { res } = await requestLink(s, { email: "alice@example.com\r\nBcc: eve@evil.test" })
    expect(res.headers.location).toBe("http://localhost:3000/auth/signin?error=EmailSignin")
    expect(s.sent).toHaveLength(0)
  })
})
