import { Auth } from "@auth/core"
import { describe, expect, it } from "vitest"
import { MemoryAdapter } from "../../lib/adapters/memory-adapter.js"
import { decode } from "../../lib/core/jwt/encode-decode.js"
import type { EmailConfig, SendVerificationRequestParams } from "../../lib/providers/types.js"
import { applyCookies, getCsrf, makeAuthRequest } from "../utils/make-auth-request.js"
import { AUTH_SECRET, SESSION_COOKIE, testConfig } from "../utils/test-config.js"

const ORIGIN = "http://localhost:3000"

/**
 * Auth.js and this engine share one adapter: a sign-in link made by either one works in the other,
 * which pins the link format and the stored token hash to Auth.js's.
 */
function twoServers() {
  const adapter = MemoryAdapter()
  const links: string[] = []
  const email = (): EmailConfig => ({
    id: "email",
    name: "Email",
    type: "email",
    sendVerificationRequest: ({ url }: SendVerificationRequestParams) => void links.push(url),
  })
  const ours = testConfig({ adapter, session: { strategy: "jwt" }, providers: [email()] })
  const authjs = (request: Request) =>
    Auth(request, {
      secret: AUTH_SECRET,
      trustHost: true,
      basePath: "/auth",
      adapter: adapter as never,
      session: { strategy: "jwt" },
      providers: [email() as never],
      logger: { error: () => {}, warn: () => {}, debug: () => {} },
    })
  return { adapter, links, ours, authjs }
}

function cookiesOf(response: Response): Record<string, string> {
  return Object.fromEntries(response.headers.getSetCookie().map((line) => line.split(";")[0]!.split("=", 2) as [string, string]))
}

describe("email sign-in links and Auth.js", () => {
  it("a link Auth.js mailed signs in here", async () => {
    const { links, ours, authjs } = twoServers()
    const csrf = await authjs(new Request(`${ORIGIN}/auth/csrf`))
    const { csrfToken } = (await csrf.json()) as { csrfToken: string }
    const cookie = Object.entries(cookiesOf(csrf)).map(([k, v]) => `${k}=${v}`).join("; ")
    const sent = await authjs(
      new Request(`${ORIGIN}/auth/signin/email`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie },
        body: new URLSearchParams({ csrfToken, email: "Mixed@Example.com", callbackUrl: `${ORIGIN}/welcome` }),
      }),
    )
    expect(sent.headers.get("location")).toBe(`${ORIGIN}/auth/verify-request?provider=email&type=email`)
    expect(links).toHaveLength(1)

    const url = new URL(links[0]!)
    expect(url.searchParams.get("email")).toBe("mixed@example.com")
    const res = await makeAuthRequest(ours, { action: "callback", providerId: "email", query: Object.fromEntries(url.searchParams) })
    expect(res.headers.location).toBe(`${ORIGIN}/welcome`)
    const jar = applyCookies({}, res.cookies)
    const claims = await decode({ token: jar[SESSION_COOKIE], secret: AUTH_SECRET, salt: SESSION_COOKIE })
    expect(claims).toMatchObject({ email: "mixed@example.com", sub: expect.any(String) })
  })

  it("a link mailed here signs in with Auth.js, once", async () => {
    const { links, ours, authjs } = twoServers()
    const { token, jar } = await getCsrf(ours)
    await makeAuthRequest(ours, {
      method: "POST",
      action: "signin",
      providerId: "email",
      cookies: jar,
      body: { csrfToken: token, email: "reader@example.com", callbackUrl: "/welcome" },
    })
    expect(links).toHaveLength(1)

    const first = await authjs(new Request(links[0]!))
    expect(first.status).toBe(302)
    expect(first.headers.get("location")).toBe(`${ORIGIN}/welcome`)
    expect(cookiesOf(first)[SESSION_COOKIE]).toBeTruthy()

    // Auth.js consumed the token through the shared adapter: the link is now dead here too.
    const again = await makeAuthRequest(ours, {
      action: "callback",
      providerId: "email",
      query: Object.fromEntries(new URL(links[0]!).searchParams),
    })
    expect(again.headers.location).toBe(`${ORIGIN}/auth/error?error=Verification`)
  })
})
