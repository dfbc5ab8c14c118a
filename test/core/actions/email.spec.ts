import { describe, expect, it } from "vitest"
import { MemoryAdapter } from "../../../lib/adapters/memory-adapter.js"
import type { Adapter } from "../../../lib/core/vocabulary/adapter.js"
import type { AuthConfig } from "../../../lib/core/config/types.js"
import { hashVerificationToken } from "../../../lib/core/email/verification-token.js"
import { decode } from "../../../lib/core/jwt/encode-decode.js"
import type { EmailConfig, SendVerificationRequestParams } from "../../../lib/providers/types.js"
import { applyCookies, getCsrf, makeAuthRequest } from "../../utils/make-auth-request.js"
import { AUTH_SECRET, recordingLogger, SESSION_COOKIE, testConfig } from "../../utils/test-config.js"

/** An email provider that records what it would send. */
function recordingEmail(overrides: Partial<EmailConfig> = {}) {
  const sent: SendVerificationRequestParams[] = []
  const provider: EmailConfig = {
    id: "email",
    name: "Email",
    type: "email",
    sendVerificationRequest: (params) => void sent.push(params),
    ...overrides,
  }
  return { provider, sent }
}

function setup(overrides: Partial<AuthConfig> = {}, email = recordingEmail()) {
  const adapter = MemoryAdapter()
  const log = recordingLogger()
  const config = testConfig({
    providers: [email.provider],
    adapter,
    session: { strategy: "jwt" },
    logger: log.logger,
    ...overrides,
  })
  return { config, adapter: (overrides.adapter ?? adapter) as ReturnType<typeof MemoryAdapter>, sent: email.sent, log }
}

type Setup = ReturnType<typeof setup>

async function requestLink(s: Setup, body: Record<string, unknown>, jar: Record<string, string> = {}) {
  const csrf = await getCsrf(s.config, jar)
  const res = await makeAuthRequest(s.config, {
    method: "POST",
    action: "signin",
    providerId: "email",
    cookies: csrf.jar,
    body: { csrfToken: csrf.token, ...body },
  })
  return { res, jar: applyCookies(csrf.jar, res.cookies) }
}

async function openLink(s: Setup, link: string, jar: Record<string, string> = {}) {
  const url = new URL(link)
  const res = await makeAuthRequest(s.config, {
    action: "callback",
    providerId: "email",
    cookies: jar,
    query: Object.fromEntries(url.searchParams),
  })
  return { res, jar: applyCookies(jar, res.cookies) }
}

async function signInWithLink(s: Setup, email: string, jar: Record<string, string> = {}) {
  const before = s.sent.length
  const requested = await requestLink(s, { email, callbackUrl: "/welcome" }, jar)
  expect(s.sent).toHaveLength(before + 1)
  return { ...(await openLink(s, s.sent.at(-1)!.url, requested.jar)), link: s.sent.at(-1)!.url }
}

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

describe("GET /auth/callback/email", () => {
  it("signs a new user in, creating them with a verified address", async () => {
    const events: string[] = []
    const jwtCalls: unknown[] = []
    const s = setup({
      events: {
        createUser: () => void events.push("createUser"),
        signIn: ({ isNewUser, account }) => void events.push(`signIn new=${isNewUser} userId=${account?.userId}`),
      },
      callbacks: { jwt: (params) => (jwtCalls.push(params), params.token) },
    })
    const { res, jar } = await signInWithLink(s, "alice@example.com")
    expect(res.status).toBe(302)
    expect(res.headers.location).toBe("http://localhost:3000/welcome")

    const user = (await s.adapter.getUserByEmail("alice@example.com"))!
    expect(user.emailVerified).toBeInstanceOf(Date)
    const claims = await decode({ token: jar[SESSION_COOKIE], secret: AUTH_SECRET, salt: SESSION_COOKIE })
    expect(claims).toMatchObject({ email: "alice@example.com", sub: user.id })
    expect(events).toEqual(["createUser", `signIn new=true userId=${user.id}`])
    expect(jwtCalls).toMatchObject([{ trigger: "signUp", isNewUser: true, account: { type: "email", userId: user.id } }])

    const session = await makeAuthRequest(s.config, { action: "session", cookies: jar })
    expect(session.body).toMatchObject({ user: { email: "alice@example.com" } })
  })

  it("signs an existing user in and refreshes emailVerified", async () => {
    const events: string[] = []
    const s = setup({ events: { updateUser: () => void events.push("updateUser") } })
    const existing = await s.adapter.createUser({ id: "u1", email: "bob@example.com", emailVerified: null, name: "Bob" })
    const { res, jar } = await signInWithLink(s, "BOB@example.com")
    expect(res.headers.location).toBe("http://localhost:3000/welcome")
    const claims = await decode({ token: jar[SESSION_COOKIE], secret: AUTH_SECRET, salt: SESSION_COOKIE })
    expect(claims).toMatchObject({ sub: existing.id, name: "Bob", email: "bob@example.com" })
    expect((await s.adapter.getUser("u1"))!.emailVerified).toBeInstanceOf(Date)
    expect(events).toEqual(["updateUser"])
  })

  it("sends a new user to pages.newUser with the callback URL", async () => {
    const s = setup({ pages: { newUser: "/onboarding" } })
    const { res } = await signInWithLink(s, "carol@example.com")
    expect(res.headers.location).toBe("/onboarding?callbackUrl=http%3A%2F%2Flocalhost%3A3000%2Fwelcome")
  })

  it("works once: a used link is Verification", async () => {
    const s = setup()
    const { link } = await signInWithLink(s, "alice@example.com")
    const again = await openLink(s, link)
    expect(again.res.status).toBe(302)
    expect(again.res.headers.location).toBe("http://localhost:3000/auth/error?error=Verification")
    expect(again.jar[SESSION_COOKIE]).toBeUndefined()
  })

  it("refuses an expired link", async () => {
    const s = setup()
    await s.adapter.createVerificationToken({
      identifier: "alice@example.com",
      token: hashVerificationToken("old-token", AUTH_SECRET),
      expires: new Date(Date.now() - 1000),
    })
    const { res, jar } = await openLink(s, "http://localhost:3000/auth/callback/email?token=old-token&email=alice%40example.com")
    expect(res.headers.location).toBe("http://localhost:3000/auth/error?error=Verification")
    expect(jar[SESSION_COOKIE]).toBeUndefined()
  })

  it.each([
    // Flip the last hex digit to a different one, so the token always changes.
    ["a changed token", (url: URL) => {
      const token = url.searchParams.get("token")!
      url.searchParams.set("token", `${token.slice(0, -1)}${token.endsWith("0") ? "1" : "0"}`)
    }],
    ["another address", (url: URL) => url.searchParams.set("email", "eve@evil.test")],
    ["no token", (url: URL) => url.searchParams.delete("token")],
    ["an empty token", (url: URL) => url.searchParams.set("token", "")],
    ["a huge token", (url: URL) => url.searchParams.set("token", "f".repeat(100_000))],
  ])("refuses a link with %s, and the genuine link still works after", async (_, alter) => {
    const s = setup()
    await requestLink(s, { email: "alice@example.com" })
    const genuine = s.sent[0]!.url
    const forged = new URL(genuine)
    alter(forged)
    const { res, jar } = await openLink(s, forged.href)
    expect(res.headers.location).toBe("http://localhost:3000/auth/error?error=Verification")
    expect(jar[SESSION_COOKIE]).toBeUndefined()
    expect((await openLink(s, genuine)).res.headers.location).toBe("http://localhost:3000")
  })

  it("renders the Verification error page with status 403", async () => {
    const s = setup()
    const page = await makeAuthRequest(s.config, { action: "error", query: { error: "Verification" } })
    expect(page.status).toBe(403)
    expect(page.body).toContain("The sign-in link is no longer valid")
  })

  it("asks the signIn callback again when the link is opened", async () => {
    let allow = true
    const s = setup({ callbacks: { signIn: ({ email }) => Boolean(email?.verificationRequest) || allow } })
    await requestLink(s, { email: "alice@example.com" })
    allow = false
    const { res, jar } = await openLink(s, s.sent[0]!.url)
    expect(res.headers.location).toBe("http://localhost:3000/auth/error?error=AccessDenied")
    expect(jar[SESSION_COOKIE]).toBeUndefined()
  })

  describe("with database sessions", () => {
    it("sets the database session token as the cookie", async () => {
      const s = setup({ session: { strategy: "database" } })
      const { jar } = await signInWithLink(s, "alice@example.com")
      const found = await s.adapter.getSessionAndUser(jar[SESSION_COOKIE]!)
      expect(found?.user.email).toBe("alice@example.com")
    })

    it("ends the session of another user signed in on the same browser", async () => {
      const s = setup({ session: { strategy: "database" } })
      const first = await signInWithLink(s, "alice@example.com")
      const aliceSession = first.jar[SESSION_COOKIE]!
      await s.adapter.createUser({ id: "bob", email: "bob@example.com", emailVerified: null })
      const second = await signInWithLink(s, "bob@example.com", first.jar)
      expect(await s.adapter.getSessionAndUser(aliceSession)).toBeNull()
      expect((await s.adapter.getSessionAndUser(second.jar[SESSION_COOKIE]!))?.user.id).toBe("bob")
    })
  })
})
