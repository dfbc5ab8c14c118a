import { request as httpRequest } from "node:http"
import type { DynamicModule } from "@nestjs/common"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { CookieJar } from "../../utils/cookie-jar.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { demoUser } from "../../utils/nest-auth-config.js"
import { WireAppModule, corpProvider } from "./app.module.js"

const setups: Array<{ name: string; module: () => DynamicModule; prefix?: string; mount: string }> = [
  { name: "forRoot at /auth", module: () => WireAppModule.forRoot(), mount: "/auth" },
  {
    name: "forRootAsync at /api/auth behind the global prefix v1",
    module: () => WireAppModule.forRootAsync("/api/auth"),
    prefix: "v1",
    mount: "/v1/api/auth",
  },
]

/** A request fetch would refuse to send (custom Host, malformed paths); resolves to the status. */
function rawStatus(url: string, path: string, method: string, headers: Record<string, string>, body?: string) {
  return new Promise<number>((resolve, reject) => {
    const { hostname, port } = new URL(url)
    const req = httpRequest({ host: hostname, port, path, method, headers, timeout: 5000 }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on("error", reject)
    req.end(body)
  })
}

const noStore = { "cache-control": "private, no-cache, no-store", expires: "0", pragma: "no-cache" }

describe.each(setups)("Auth.js routes, $name", ({ module, prefix, mount }) => {
  let running: RunningApp
  let base: string
  let configurationError: string

  beforeAll(async () => {
    running = await startApp(module(), (app) => {
      if (prefix) app.setGlobalPrefix(prefix)
    })
    base = `${running.url}${mount}`
    configurationError = `${base}/error?error=Configuration`
  })
  afterAll(async () => {
    await running?.app.close()
  })

  /** A fresh browser: cookie jar plus a CSRF token. */
  async function browser(): Promise<{ jar: CookieJar; csrfToken: string }> {
    const jar = new CookieJar()
    const { csrfToken } = await (await jar.fetch(`${base}/csrf`)).json()
    return { jar, csrfToken }
  }

  const form = (fields: Record<string, string>): RequestInit => ({
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  })

  const send = (path: string, init: RequestInit = {}) => fetch(`${base}${path}`, { ...init, redirect: "manual" })

  describe("GET providers", () => {
    it("lists every provider with URLs under the mount path, without cookies", async () => {
      const response = await send("/providers")
      expect(response.status).toBe(200)
      expect(response.headers.get("content-type")).toBe("application/json")
      expect(response.headers.getSetCookie()).toEqual([])
      expect(await response.json()).toEqual({
        credentials: {
          id: "credentials",
          name: "Credentials",
          type: "credentials",
          signinUrl: `${base}/signin/credentials`,
          callbackUrl: `${base}/callback/credentials`,
        },
        corp: {
          id: "corp",
          name: "Corp SSO",
          type: "oauth",
          signinUrl: `${base}/signin/corp`,
          callbackUrl: `${base}/callback/corp`,
        },
      })
    })
  })

  describe("GET csrf", () => {
    it("returns a token and sets authjs.csrf-token once", async () => {
      const response = await send("/csrf")
      expect(response.status).toBe(200)
      expect(Object.fromEntries(Object.keys(noStore).map((h) => [h, response.headers.get(h)]))).toEqual(noStore)
      const { csrfToken } = await response.json()
      expect(csrfToken).toMatch(/^[0-9a-f]{64}$/)
      const setCookie = response.headers.getSetCookie().find((c) => c.startsWith("authjs.csrf-token="))
      expect(setCookie).toMatch(new RegExp(`^authjs\\.csrf-token=${csrfToken}%7C[0-9a-f]{64}; Path=/; HttpOnly; SameSite=Lax$`))

      const cookie = setCookie!.split(";")[0]!
      const again = await send("/csrf", { headers: { cookie } })
      expect((await again.json()).csrfToken).toBe(csrfToken)
      expect(again.headers.getSetCookie().filter((c) => c.includes("csrf-token"))).toEqual([])
    })

    it("uses __Host- and Secure behind an https proxy (trustHost)", async () => {
      const response = await send("/csrf", { headers: { "x-forwarded-proto": "https" } })
      const setCookie = response.headers.getSetCookie().find((c) => c.includes("csrf-token"))
      expect(setCookie).toMatch(/^__Host-authjs\.csrf-token=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/)
    })
  })

  describe("GET|POST session", () => {
    it("GET answers null without a session", async () => {
      const response = await send("/session")
      expect(response.status).toBe(200)
      expect(response.headers.get("content-type")).toBe("application/json")
      expect(response.headers.get("cache-control")).toBe(noStore["cache-control"])
      expect(await response.text()).toBe("null")
    })

    it("POST without a CSRF token answers 400 null", async () => {
      const response = await send("/session", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ data: {} }),
      })
      expect(response.status).toBe(400)
      expect(await response.text()).toBe("null")
    })
  })

  describe("signin", () => {
    it("GET renders the sign-in page", async () => {
      const response = await send("/signin")
      expect(response.status).toBe(200)
      expect(response.headers.get("content-type")).toBe("text/html")
      const html = await response.text()
      expect(html).toContain(`${base}/callback/credentials`)
      expect(html).toContain(`${base}/signin/corp`)
    })

    it("POST without a provider redirects to the sign-in page", async () => {
      const { jar, csrfToken } = await browser()
      const response = await jar.fetch(`${base}/signin`, form({ csrfToken }))
      expect(response.status).toBe(302)
      expect(response.headers.get("location")).toBe(`${base}/signin`)
    })

    it("POST signin/:provider without a CSRF token redirects with MissingCSRF", async () => {
      const response = await send("/signin/corp", form({}))
      expect(response.status).toBe(302)
      expect(response.headers.get("location")).toBe(`${base}/signin?error=MissingCSRF`)
    })

    it("POST signin/:provider starts OAuth with a callback URL under the mount path", async () => {
      const { jar, csrfToken } = await browser()
      const response = await jar.fetch(`${base}/signin/corp`, form({ csrfToken }))
      expect(response.status).toBe(302)
      const location = new URL(response.headers.get("location")!)
      expect(location.origin + location.pathname).toBe("https://idp.example.test/authorize")
      expect(location.searchParams.get("client_id")).toBe(corpProvider.clientId)
      expect(location.searchParams.get("redirect_uri")).toBe(`${base}/callback/corp`)
      expect(location.searchParams.get("code_challenge_method")).toBe("S256")
      expect(response.headers.getSetCookie().some((c) => c.startsWith("authjs.pkce.code_verifier="))).toBe(true)
    })

    it("GET signin/:provider is the Configuration error", async () => {
      const response = await send("/signin/corp")
      expect(response.status).toBe(302)
      expect(response.headers.get("location")).toBe(configurationError)
    })

    it("answers the official client's X-Auth-Return-Redirect with JSON", async () => {
      const { jar, csrfToken } = await browser()
      const response = await jar.fetch(`${base}/signin`, {
        ...form({ csrfToken }),
        headers: { "content-type": "application/x-www-form-urlencoded", "x-auth-return-redirect": "1" },
      })
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({ url: `${base}/signin` })
    })
  })

  describe("callback", () => {
    it("POST callback/credentials signs in and sets authjs.session-token", async () => {
      const { jar, csrfToken } = await browser()
      const response = await jar.fetch(
        `${base}/callback/credentials`,
        form({ csrfToken, email: demoUser.email, password: "wonderland", callbackUrl: `${running.url}/after` }),
      )
      expect(response.status).toBe(302)
      expect(response.headers.get("location")).toBe(`${running.url}/after`)
      const sessionCookie = response.headers.getSetCookie().find((c) => c.startsWith("authjs.session-token="))
      expect(sessionCookie).toMatch(/^authjs\.session-token=eyJ[^;]+; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/)
      expect(response.headers.getSetCookie().some((c) => c.startsWith("authjs.callback-url="))).toBe(true)

      const session = await (await jar.fetch(`${base}/session`)).json()
      expect(session.user).toEqual({ name: demoUser.name, email: demoUser.email })
    })

    it("GET callback/credentials is the Configuration error", async () => {
      const response = await send("/callback/credentials")
      expect(response.headers.get("location")).toBe(configurationError)
    })

    it("GET callback without a provider is the Configuration error", async () => {
      const response = await send("/callback")
      expect(response.status).toBe(302)
      expect(response.headers.get("location")).toBe(configurationError)
    })

    it("an unknown provider is a 404 error page (Auth.js: the Configuration error)", async () => {
      const response = await send("/callback/nope")
      expect(response.status).toBe(404)
      expect(response.headers.get("content-type")).toBe("text/html")
    })
  })

  describe("signout", () => {
    it("GET renders the confirmation page posting to the mount path", async () => {
      const response = await send("/signout")
      expect(response.status).toBe(200)
      expect(response.headers.get("content-type")).toBe("text/html")
      expect(await response.text()).toContain(`${base}/signout`)
    })

    it("POST with a CSRF token redirects to the origin", async () => {
      const { jar, csrfToken } = await browser()
      const response = await jar.fetch(`${base}/signout`, form({ csrfToken }))
      expect(response.status).toBe(302)
      expect(response.headers.get("location")).toBe(running.url)
    })

    it("POST without a CSRF token redirects with MissingCSRF", async () => {
      const response = await send("/signout", form({}))
      expect(response.headers.get("location")).toBe(`${base}/signin?error=MissingCSRF`)
    })
  })

  describe("error and verify-request pages", () => {
    it.each([
      ["", 200],
      ["?error=Configuration", 500],
      ["?error=AccessDenied", 403],
      ["?error=Verification", 403],
    ])("GET error%s answers %i with HTML", async (query, status) => {
      const response = await send(`/error${query}`)
      expect(response.status).toBe(status)
      expect(response.headers.get("content-type")).toBe("text/html")
    })

    it("GET verify-request renders HTML", async () => {
      const response = await send("/verify-request")
      expect(response.status).toBe(200)
      expect(response.headers.get("content-type")).toBe("text/html")
    })
  })

  describe("known action, wrong method", () => {
    it.each(["/providers", "/csrf", "/error", "/verify-request"])("POST %s is the Configuration error", async (path) => {
      const response = await send(path, form({}))
      expect(response.status).toBe(302)
      expect(response.headers.get("location")).toBe(configurationError)
    })
  })

  describe("anything else", () => {
    it.each([
      ["GET", "/foo"],
      ["GET", ""],
      ["GET", "/"],
      ["GET", "/session/extra"],
      ["GET", "/a/b/c"],
      ["POST", "/providers/x"],
      ["PUT", "/session"],
      ["DELETE", "/signout"],
      ["PATCH", "/callback/credentials"],
      ["OPTIONS", "/csrf"],
    ])('%s <mount>%s answers 400 "Bad request."', async (method, path) => {
      const response = await send(path, { method })
      expect(response.status).toBe(400)
      expect(response.headers.get("content-type")).toBe("application/json")
      expect(await response.text()).toBe('"Bad request."')
    })

    it("HEAD is not GET for Auth.js: 400", async () => {
      const response = await send("/session", { method: "HEAD" })
      expect(response.status).toBe(400)
    })

    it.each([
      ["GET", "/callback/%ZZ", {}, undefined],
      ["POST", "/session", { "content-type": "application/json" }, "{not json"],
      ["GET", "/session", { cookie: "authjs.session-token=%; authjs.session-token.0=x; authjs.csrf-token=%E0" }, undefined],
      ["GET", "/providers", { host: "<evil>" }, undefined],
      ["GET", "/signin", { "x-forwarded-host": 'evil"<x>', "x-forwarded-proto": "gopher" }, undefined],
      ["GET", "/signin?callbackUrl=javascript:alert(1)", {}, undefined],
      ["POST", "/signin/corp", { "content-type": "application/x-www-form-urlencoded" }, "csrfToken[]=a&csrfToken[]=b&callbackUrl[x]=1"],
      ["POST", "/callback/credentials", { "content-type": "application/json" }, '{"csrfToken":{"a":1},"email":["x"],"__proto__":{"x":1}}'],
    ])("bad input never gets a 5xx: %s %s", async (method, path, headers, body) => {
      const status = await rawStatus(running.url, `${mount}${path}`, method, headers, body)
      expect(status).toBeGreaterThanOrEqual(200)
      expect(status).toBeLessThan(500)
    })

    it("tolerates trailing slashes as Auth.js does", async () => {
      const response = await send("/providers/")
      expect(response.status).toBe(200)
      expect(Object.keys(await response.json())).toEqual(["credentials", "corp"])
    })
  })
})
