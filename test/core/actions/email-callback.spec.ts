import { describe, expect, it } from "vitest"
import { hashVerificationToken } from "../../../lib/core/email/verification-token.js"
import { decode } from "../../../lib/core/jwt/encode-decode.js"
import { makeAuthRequest } from "../../utils/make-auth-request.js"
import { AUTH_SECRET, SESSION_COOKIE } from "../../utils/test-config.js"
import { setup, requestLink, openLink, signInWithLink } from "./email-helpers.js"

// Email sign-in, second half: GET callback/email (opening the link), with JWT and database sessions.

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
