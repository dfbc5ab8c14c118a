import { describe, expect, it } from "vitest"
import type { HttpRequest } from "../../lib/nest/express-bridge.js"
import { prefixPath } from "../../lib/core/route-path.js"
import { signInUrl } from "../../lib/core/sign-in-url.js"
import { testConfig } from "../utils/test-config.js"

const req = (url: string, headers: Record<string, string> = {}, params: object = {}): HttpRequest => ({
  method: "GET",
  protocol: "http",
  headers: { host: "app.test:8080", ...headers },
  originalUrl: url,
  params,
})
const callback = (location: string | undefined) => new URL(location!).searchParams.get("callbackUrl")

describe("signInUrl", () => {
  it("points at the built-in page, with the absolute URL asked for as callbackUrl", () => {
    const location = signInUrl(testConfig(), "", req("/profile?tab=1#x"))
    expect(location).toBe(`http://app.test:8080/auth/signin?callbackUrl=${encodeURIComponent("http://app.test:8080/profile?tab=1#x")}`)
  })

  it("puts the global prefix in front of basePath", () => {
    const location = signInUrl(testConfig({ basePath: "/api/auth" }), "/v1", req("/v1/me"))
    expect(location!.startsWith("http://app.test:8080/v1/api/auth/signin?")).toBe(true)
    expect(callback(location)).toBe("http://app.test:8080/v1/me")
  })

  it("fills route parameters of the prefix from the request, and gives up when one is missing", () => {
    const location = signInUrl(testConfig(), "/:tenant", req("/acme/me", {}, { tenant: "acme" }))
    expect(location!.startsWith("http://app.test:8080/acme/auth/signin?")).toBe(true)
    expect(signInUrl(testConfig(), "/:tenant", req("/acme/me"))).toBeUndefined()
  })

  it("goes to pages.signIn, keeping its query and fragment", () => {
    const relative = signInUrl(testConfig({ pages: { signIn: "/login?x=1#top" } }), "/v1", req("/v1/me"))
    expect(relative).toBe(`http://app.test:8080/login?x=1&callbackUrl=${encodeURIComponent("http://app.test:8080/v1/me")}#top`)
    const absolute = signInUrl(testConfig({ pages: { signIn: "https://accounts.example.com/login" } }), "", req("/me"))
    expect(absolute!.startsWith("https://accounts.example.com/login?callbackUrl=")).toBe(true)
  })

  it("uses the forwarded origin only for a trusted host, and AUTH_URL's origin above all", () => {
    const forwarded = { "x-forwarded-host": "public.example.com", "x-forwarded-proto": "https" }
    expect(signInUrl(testConfig({ trustHost: true }), "", req("/me", forwarded))!.startsWith("https://public.example.com/auth/signin")).toBe(true)
    const pinned = testConfig({ trustHost: false }, { AUTH_URL: "https://auth.example.org/auth" })
    const location = signInUrl(pinned, "", req("/me", forwarded))
    expect(location!.startsWith("https://auth.example.org/auth/signin?")).toBe(true)
    expect(callback(location)).toBe("https://auth.example.org/me")
  })

  it("never lets a hostile Host header into the URL", () => {
    const location = signInUrl(testConfig(), "", req("/me", { host: "evil.test/<script>" }))
    expect(location!.startsWith("http://localhost/auth/signin")).toBe(true)
  })
})

describe("prefixPath", () => {
  it("turns Nest's global prefix into a path", () => {
    expect(prefixPath(undefined)).toBe("")
    expect(prefixPath("")).toBe("")
    expect(prefixPath("v1")).toBe("/v1")
    expect(prefixPath("/api/v1/")).toBe("/api/v1")
  })
})
