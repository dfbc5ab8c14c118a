import { describe, expect, it } from "vitest"
import { encode } from "../../../lib/core/jwt/encode-decode.js"
import { getCsrf, makeAuthRequest } from "../../utils/make-auth-request.js"
import { AUTH_SECRET, SESSION_COOKIE, testConfig } from "../../utils/test-config.js"

const mint = () => encode({ token: { sub: "u1", name: "Alice" }, secret: AUTH_SECRET, salt: SESSION_COOKIE })

describe("POST /auth/signout", () => {
  it("clears every session-token chunk, fires signOut with the token and redirects", async () => {
    const seen: unknown[] = []
    const config = testConfig({ events: { signOut: (m) => void seen.push(m) } })
    const { token, jar } = await getCsrf(config)
    const value = await mint()
    const cookies = { ...jar, [`${SESSION_COOKIE}.0`]: value.slice(0, 100), [`${SESSION_COOKIE}.1`]: value.slice(100) }
    const res = await makeAuthRequest(config, { method: "POST", action: "signout", cookies, body: { csrfToken: token, callbackUrl: "/bye" } })
    expect(res.status).toBe(302)
    expect(res.headers.location).toBe("http://localhost:3000/bye")
    const cleared = res.cookies.filter((c) => c.name.startsWith(SESSION_COOKIE))
    expect(cleared.map((c) => c.name).sort()).toEqual([`${SESSION_COOKIE}.0`, `${SESSION_COOKIE}.1`])
    expect(cleared.every((c) => c.value === "" && c.options.maxAge === 0)).toBe(true)
    expect(seen).toEqual([{ token: expect.objectContaining({ sub: "u1" }) }])
  })

  it("requires the CSRF token", async () => {
    const res = await makeAuthRequest(testConfig(), { method: "POST", action: "signout", cookies: { [SESSION_COOKIE]: await mint() } })
    expect(res.headers.location).toBe("http://localhost:3000/auth/signin?error=MissingCSRF")
    expect(res.cookies.some((c) => c.name === SESSION_COOKIE)).toBe(false)
  })

  it("clears even an undecodable cookie", async () => {
    const config = testConfig()
    const { token, jar } = await getCsrf(config)
    const res = await makeAuthRequest(config, { method: "POST", action: "signout", cookies: { ...jar, [SESSION_COOKIE]: "junk" }, body: { csrfToken: token } })
    expect(res.cookies).toContainEqual(expect.objectContaining({ name: SESSION_COOKIE, value: "" }))
  })
})

describe("GET /auth/signout", () => {
  it("renders the confirmation page with the CSRF token", async () => {
    const config = testConfig()
    const res = await makeAuthRequest(config, { action: "signout" })
    expect(res.status).toBe(200)
    expect(res.headers["content-type"]).toBe("text/html")
    const csrf = res.cookies.find((c) => c.name === "authjs.csrf-token")!.value.split("|")[0]
    expect(res.body as string).toContain(`value="${csrf}"`)
  })
})
