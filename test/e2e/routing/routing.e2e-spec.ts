// The auth routes are an ordinary Nest controller: global prefix (with and without exclusions),
// URI and header versioning, global interceptors, exception filters and @nestjs/throttler apply to
// them as to any route, with Express 5 path syntax throughout, and every URL the engine builds
// (provider list, IdP redirect_uri) follows where the routes really are.
import { RequestMethod, VersioningType } from "@nestjs/common"
import type { LoggerService } from "@nestjs/common"
import { NestFactory } from "@nestjs/core"
import type { NestExpressApplication } from "@nestjs/platform-express"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { CookieJar } from "../../utils/cookie-jar.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { demoUser } from "../../utils/nest-auth-config.js"
import { RoutingAppModule, intercepted } from "./app.module.js"

const form = (fields: Record<string, string>): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
})

/** A fresh browser at `base` (the auth routes' URL): cookie jar plus CSRF token. */
async function browser(base: string): Promise<{ jar: CookieJar; csrfToken: string }> {
  const jar = new CookieJar()
  const response = await jar.fetch(`${base}/csrf`)
  expect(response.status).toBe(200)
  return { jar, csrfToken: ((await response.json()) as { csrfToken: string }).csrfToken }
}

async function signInWithCredentials(base: string): Promise<CookieJar> {
  const { jar, csrfToken } = await browser(base)
  const response = await jar.fetch(`${base}/callback/credentials`, form({ csrfToken, email: demoUser.email, password: "wonderland" }))
  expect(response.status).toBe(302)
  expect(jar.get("authjs.session-token")).toMatch(/^eyJ/)
  return jar
}

const get = (url: string, headers: Record<string, string> = {}) =>
  fetch(url, { headers: { accept: "application/json", ...headers }, redirect: "manual", signal: AbortSignal.timeout(10_000) })

describe.each([
  { name: "no global prefix, default basePath", mount: "/auth", profile: "/profile", elsewhere: "/api/auth" },
  { name: 'global prefix "api", default basePath', prefix: "api", mount: "/api/auth", profile: "/api/profile", elsewhere: "/auth" },
  {
    name: 'global prefix "v1", basePath "/api/auth"',
    basePath: "/api/auth",
    prefix: "v1",
    mount: "/v1/api/auth",
    profile: "/v1/profile",
    elsewhere: "/api/auth",
  },
  {
    name: 'global prefix "api" that excludes the auth routes',
    prefix: "api",
    exclude: true,
    mount: "/auth",
    profile: "/api/profile",
    // Nest serves excluded routes at both paths; the URLs follow whichever the request used.
    elsewhere: undefined,
  },
])("$name", ({ basePath, prefix, exclude, mount, profile, elsewhere }) => {
  let running: RunningApp
  let base: string

  beforeAll(async () => {
    running = await startApp(RoutingAppModule.with({ basePath }), (app) => {
      if (prefix) {
        app.setGlobalPrefix(prefix, exclude ? { exclude: [{ path: "auth/{*path}", method: RequestMethod.ALL }] } : {})
      }
    })
    base = `${running.url}${mount}`
  })
  afterAll(async () => {
    await running?.app.close()
  })

  it(`serves the auth routes at ${mount} and lists provider URLs there`, async () => {
    const response = await get(`${base}/providers`)
    expect(response.status).toBe(200)
    const providers = (await response.json()) as Record<string, { signinUrl: string; callbackUrl: string }>
    expect(providers.corp).toMatchObject({ signinUrl: `${base}/signin/corp`, callbackUrl: `${base}/callback/corp` })
    expect(providers.credentials).toMatchObject({ callbackUrl: `${base}/callback/credentials` })
    if (elsewhere) expect((await get(`${running.url}${elsewhere}/providers`)).status).toBe(404)
  })

  it("sends the IdP a redirect_uri under the same mount", async () => {
    const { jar, csrfToken } = await browser(base)
    const response = await jar.fetch(`${base}/signin/corp`, form({ csrfToken }))
    expect(response.status).toBe(302)
    const location = new URL(response.headers.get("location")!)
    expect(location.origin + location.pathname).toBe("https://idp.example.test/authorize")
    expect(location.searchParams.get("redirect_uri")).toBe(`${base}/callback/corp`)
    expect(location.searchParams.get("code_challenge_method")).toBe("S256")
    expect(jar.names()).toContain("authjs.pkce.code_verifier")
  })

  it(`signs in with credentials, and ${profile} (guarded) returns the user`, async () => {
    const jar = await signInWithCredentials(base)
    const me = await jar.fetch(`${running.url}${profile}`, { headers: { accept: "application/json" } })
    expect(me.status).toBe(200)
    expect(await me.json()).toMatchObject({ email: demoUser.email })
    expect((await get(`${running.url}${profile}`)).status).toBe(401)
  })
})

describe("URI versioning with a default version: the auth routes are version-neutral", () => {
  let running: RunningApp

  beforeAll(async () => {
    running = await startApp(RoutingAppModule.with(), (app) => {
      app.setGlobalPrefix("api")
      app.enableVersioning({ type: VersioningType.URI, defaultVersion: "1" })
    })
  })
  afterAll(async () => {
    await running?.app.close()
  })

  it("keeps the auth routes and their callback URLs out of the version segment", async () => {
    const response = await get(`${running.url}/api/auth/providers`)
    expect(response.status).toBe(200)
    const providers = (await response.json()) as Record<string, { callbackUrl: string }>
    expect(providers.corp!.callbackUrl).toBe(`${running.url}/api/auth/callback/corp`)
    expect((await get(`${running.url}/api/v1/auth/providers`)).status).toBe(404)
  })

  it("versions the app's own routes as configured", async () => {
    expect((await get(`${running.url}/api/v1/profile`)).status).toBe(401)
    expect((await get(`${running.url}/api/v2/items`)).status).toBe(200)
    expect((await get(`${running.url}/api/profile`)).status).toBe(404)
  })

  it("signs in and the versioned guarded route sees the session", async () => {
    const jar = await signInWithCredentials(`${running.url}/api/auth`)
    const me = await jar.fetch(`${running.url}/api/v1/profile`, { headers: { accept: "application/json" } })
    expect(await me.json()).toMatchObject({ email: demoUser.email })
  })
})

describe("header versioning: the auth routes answer with or without a version header", () => {
  let running: RunningApp

  beforeAll(async () => {
    running = await startApp(RoutingAppModule.with(), (app) => {
      app.enableVersioning({ type: VersioningType.HEADER, header: "x-api-version" })
    })
  })
  afterAll(async () => {
    await running?.app.close()
  })

  it.each<Record<string, string>>([{}, { "x-api-version": "2" }, { "x-api-version": "7" }])("GET /auth/csrf with %o", async (headers) => {
    expect((await get(`${running.url}/auth/csrf`, headers)).status).toBe(200)
  })
})

describe("a global interceptor and a global exception filter", () => {
  let running: RunningApp

  beforeAll(async () => {
    running = await startApp(RoutingAppModule.with({ interceptor: true, filter: true, basePath: "/api/auth" }))
  })
  afterAll(async () => {
    await running?.app.close()
  })
  beforeEach(() => {
    intercepted.length = 0
  })

  it("runs the interceptor on the auth routes, which keep their exact Auth.js bodies", async () => {
    const response = await get(`${running.url}/api/auth/session`)
    expect(response.status).toBe(200)
    expect(response.headers.get("x-intercepted")).toBe("yes")
    // The auth handlers write the response themselves, so a result-wrapping interceptor cannot
    // change what Auth.js clients read.
    expect(await response.json()).toBeNull()
    expect(intercepted).toEqual([{ controller: "AuthController", url: "/api/auth/session" }])
  })

  it("wraps the app's own results as usual (the interceptor is real)", async () => {
    const response = await get(`${running.url}/items`)
    expect(await response.json()).toEqual({ data: ["v2 item"] })
  })

  it("sends an exception raised on an auth route (a malformed JSON body) through the filter", async () => {
    const response = await fetch(`${running.url}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"csrfToken": ',
      signal: AbortSignal.timeout(10_000),
    })
    expect(response.status).toBe(400)
    expect(response.headers.get("content-type")).toContain("application/problem+json")
    expect(await response.json()).toMatchObject({ status: 400, path: "/api/auth/callback/credentials" })
  })

  it("sends the guard's 401 on an app route through the same filter", async () => {
    const response = await get(`${running.url}/profile`)
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ status: 401, path: "/profile" })
  })
})

describe("@nestjs/throttler's ThrottlerGuard as APP_GUARD", () => {
  let running: RunningApp

  beforeAll(async () => {
    running = await startApp(RoutingAppModule.with({ throttleLimit: 3, filter: true }))
  })
  afterAll(async () => {
    await running?.app.close()
  })

  it("limits credential guessing on POST callback/credentials, through the exception filter", async () => {
    const { jar, csrfToken } = await browser(`${running.url}/auth`)
    const attempt = () =>
      jar.fetch(`${running.url}/auth/callback/credentials`, form({ csrfToken, email: demoUser.email, password: "guess" }))
    for (let i = 0; i < 3; i++) {
      const response = await attempt()
      expect(response.status).toBe(302)
      expect(response.headers.get("location")).toContain("error=CredentialsSignin")
    }
    const limited = await attempt()
    expect(limited.status).toBe(429)
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/)
    expect(await limited.json()).toMatchObject({ status: 429, path: "/auth/callback/credentials" })
    // The right password is refused too while the limit holds: no session cookie is set.
    const correct = await jar.fetch(
      `${running.url}/auth/callback/credentials`,
      form({ csrfToken, email: demoUser.email, password: "wonderland" }),
    )
    expect(correct.status).toBe(429)
    expect(jar.get("authjs.session-token")).toBeUndefined()
  })

  it("counts each auth route on its own (the session route still answers)", async () => {
    for (let i = 0; i < 3; i++) expect((await get(`${running.url}/auth/session`)).status).toBe(200)
    expect((await get(`${running.url}/auth/session`)).status).toBe(429)
  })
})

describe("Express 5 path syntax", () => {
  it("registers every auth route without Nest's legacy route-path warning, with or without a prefix", async () => {
    const warnings: string[] = []
    const logger: LoggerService = {
      log: () => {},
      error: (message: unknown) => void warnings.push(String(message)),
      warn: (message: unknown) => void warnings.push(String(message)),
    }
    for (const prefix of [undefined, "api", ":tenant"]) {
      const app = await NestFactory.create<NestExpressApplication>(RoutingAppModule.with({ basePath: "/auth/v2" }), {
        logger,
        abortOnError: false,
      })
      if (prefix) app.setGlobalPrefix(prefix)
      await app.listen(0, "127.0.0.1")
      try {
        const url = (await app.getUrl()).replace("[::1]", "127.0.0.1")
        const mount = `${url}${prefix ? `/${prefix.replace(":tenant", "acme")}` : ""}/auth/v2`
        const providers = (await (await get(`${mount}/providers`)).json()) as Record<string, { callbackUrl: string }>
        expect(providers.corp!.callbackUrl).toBe(`${mount}/callback/corp`)
        // The catch-all below basePath ({/*rest}) answers as Auth.js does.
        expect((await get(`${mount}/no/such/action`)).status).toBe(400)
      } finally {
        await app.close()
      }
    }
    expect(warnings).toEqual([])
  })
})
