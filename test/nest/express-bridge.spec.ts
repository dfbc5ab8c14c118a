import { request as httpRequest } from "node:http"
import type { Server } from "node:http"
import type { AddressInfo } from "node:net"
import { All, Controller, Get, Module, Post, Req, Res } from "@nestjs/common"
import { NestFactory } from "@nestjs/core"
import { ExpressAdapter } from "@nestjs/platform-express"
import express from "express"
import type { Request as ExpressRequest, Response as ExpressResponse } from "express"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { AuthResponse } from "../../lib/core/vocabulary/http.js"
import { AuthModule } from "../../lib/nest/auth.module.js"
import {
  UNMATCHED_ROUTE,
  sendAuthResponse,
  toAuthRequest,
  unmatchedAction,
} from "../../lib/nest/express-bridge.js"
import type { HttpRequest, HttpResponse } from "../../lib/nest/express-bridge.js"
import { nestAuthConfig } from "../utils/nest-auth-config.js"
import { startApp, type RunningApp } from "../utils/nest-app.js"

// Express's own types must satisfy the bridge's structural ones (compile-time check).
const _req: (r: ExpressRequest) => HttpRequest = (r) => r
const _res: (r: ExpressResponse) => HttpResponse = (r) => r
void _req
void _res

/** Echoes what the bridge makes of a request, on the same route shapes as the auth controller. */
@Controller("api/auth")
class EchoController {
  @Get("csrf")
  csrf(@Req() req: HttpRequest) {
    return toAuthRequest(req, "csrf")
  }

  @Post("signin/:provider")
  signIn(@Req() req: HttpRequest) {
    return toAuthRequest(req, "signin", (req.params as { provider: string }).provider)
  }

  @All(UNMATCHED_ROUTE)
  unmatched(@Req() req: HttpRequest) {
    const { action, providerId } = unmatchedAction(req)
    return toAuthRequest(req, action, providerId)
  }
}

const cookie = (name: string, value: string, extra: object = {}) => ({
  name,
  value,
  options: { path: "/", httpOnly: true, sameSite: "lax" as const, ...extra },
})

const canned: Record<string, AuthResponse> = {
  cookies: {
    status: 200,
    headers: { "content-type": "application/json" },
    cookies: [cookie("a", "1"), cookie("b", "x|y"), cookie("c", "", { maxAge: 0 })],
    body: { ok: true },
  },
  "bad-request": { status: 400, headers: { "content-type": "application/json" }, cookies: [], body: "Bad request." },
  html: { status: 200, headers: { "content-type": "text/html" }, cookies: [], body: "<p>hi</p>" },
  redirect: { status: 302, headers: { location: "http://127.0.0.1/next" }, cookies: [], body: undefined },
  "null-json": { status: 200, headers: { "content-type": "application/json" }, cookies: [], body: null },
  "untyped-object": { status: 200, headers: {}, cookies: [], body: { a: 1 } },
}

@Controller("canned")
class CannedController {
  @Get(":name")
  send(@Req() req: HttpRequest, @Res() res: HttpResponse) {
    sendAuthResponse(res, canned[(req.params as { name: string }).name]!)
  }
}

@Module({ controllers: [EchoController, CannedController] })
class BridgeTestModule {}

@Module({ imports: [AuthModule.forRoot({ ...nestAuthConfig(), basePath: "/api/auth" })] })
class RealAuthModule {}

/** Sends a request with repeated header lines, which fetch cannot do. */
function rawGet(url: string, headers: Record<string, string | string[]>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers, timeout: 5000 }, (res) => {
      let text = ""
      res.on("data", (chunk: Buffer) => (text += chunk.toString()))
      res.on("end", () => resolve(JSON.parse(text)))
    })
    req.on("error", reject)
    req.end()
  })
}

describe("toAuthRequest", () => {
  let prefixed: RunningApp
  let tenant: RunningApp

  beforeAll(async () => {
    prefixed = await startApp(BridgeTestModule, (app) => app.setGlobalPrefix("v1"))
    tenant = await startApp(BridgeTestModule, (app) => app.setGlobalPrefix(":tenant"))
  })
  afterAll(async () => {
    await prefixed?.app.close()
    await tenant?.app.close()
  })

  it("maps a JSON POST: method, action, provider, query (last wins), cookies, body, protocol", async () => {
    const response = await fetch(`${prefixed.url}/v1/api/auth/signin/git%2Fhub?x=1&x=2&y[a]=3`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: "a=1; a=2; b=%7C; c=%zz", "X-Custom": "Yes" },
      body: JSON.stringify({ csrfToken: "t", nested: { n: 1 } }),
    })
    const request = await response.json()
    expect(request).toMatchObject({
      method: "POST",
      action: "signin",
      providerId: "git/hub",
      basePath: "/v1/api/auth",
      protocol: "http",
      query: { x: "2", "y[a]": "3" },
      cookies: { a: "1", b: "|", c: "%zz" },
      body: { csrfToken: "t", nested: { n: 1 } },
    })
    expect(request.headers["x-custom"]).toBe("Yes")
    expect(request.headers.host).toBe(new URL(prefixed.url).host)
  })

  it("reads a urlencoded body as a flat map", async () => {
    const response = await fetch(`${prefixed.url}/v1/api/auth/signin/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "csrfToken=abc&callbackUrl=%2Fprofile&email=a%40b.c",
    })
    expect((await response.json()).body).toEqual({ csrfToken: "abc", callbackUrl: "/profile", email: "a@b.c" })
  })

  it("ignores bodies of other content types, as Auth.js does", async () => {
    const response = await fetch(`${prefixed.url}/v1/api/auth/signin/credentials`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "csrfToken=abc",
    })
    expect(await response.json()).not.toHaveProperty("body")
  })

  it("joins repeated headers with a comma", async () => {
    const request = (await rawGet(`${prefixed.url}/v1/api/auth/csrf`, {
      "x-forwarded-for": ["10.0.0.1", "10.0.0.2"],
    })) as { headers: Record<string, string> }
    expect(request.headers["x-forwarded-for"]).toBe("10.0.0.1, 10.0.0.2")
  })

  it.each([
    ["/v1/api/auth/csrf", "csrf", undefined],
    ["/v1/api/auth/csrf/", "csrf", undefined],
    ["/v1/API/Auth/csrf", "csrf", undefined],
    ["/v1/api/auth/signin/github///", "signin", "github"],
    ["/v1/api/auth//session", "session", undefined],
    ["/v1/api/auth/foo", "foo", undefined],
    ["/v1/api/auth/a/b/c", "a/b/c", undefined],
    ["/v1/api/auth", "", undefined],
    ["/v1/api/auth/", "", undefined],
  ])("derives the mount path under a global prefix: GET %s", async (path, action, providerId) => {
    const request = await (await fetch(`${prefixed.url}${path}`)).json()
    expect(request.basePath).toBe("/v1/api/auth")
    expect(request.action).toBe(action)
    expect(request.providerId).toBe(providerId)
  })

  it("fills route parameters of the global prefix with this request's values", async () => {
    const request = await (await fetch(`${tenant.url}/acme/api/auth/csrf`)).json()
    expect(request.basePath).toBe("/acme/api/auth")
    const other = await (await fetch(`${tenant.url}/other/api/auth/x/y/z`)).json()
    expect(other.basePath).toBe("/other/api/auth")
  })

  it("includes the mount point when the Nest app is mounted inside another Express app", async () => {
    const inner = express()
    const app = await NestFactory.create(BridgeTestModule, new ExpressAdapter(inner), { logger: false })
    await app.init()
    const outer = express().use("/outer", inner)
    const server: Server = await new Promise((resolve) => {
      const s = outer.listen(0, "127.0.0.1", () => resolve(s))
    })
    try {
      const { port } = server.address() as AddressInfo
      const request = await (await fetch(`http://127.0.0.1:${port}/outer/api/auth/csrf`)).json()
      expect(request.basePath).toBe("/outer/api/auth")
    } finally {
      await new Promise((resolve) => server.close(resolve))
      await app.close()
    }
  })
})

describe("sendAuthResponse", () => {
  let running: RunningApp
  beforeAll(async () => {
    running = await startApp(BridgeTestModule)
  })
  afterAll(async () => {
    await running?.app.close()
  })

  it("writes one Set-Cookie header per cookie, serialized as Auth.js does", async () => {
    const response = await fetch(`${running.url}/canned/cookies`)
    expect(response.headers.getSetCookie()).toEqual([
      "a=1; Path=/; HttpOnly; SameSite=Lax",
      "b=x%7Cy; Path=/; HttpOnly; SameSite=Lax",
      "c=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
    ])
    expect(await response.json()).toEqual({ ok: true })
  })

  it("JSON-encodes a string body when the core said JSON, keeping its Content-Type exactly", async () => {
    const response = await fetch(`${running.url}/canned/bad-request`)
    expect(response.status).toBe(400)
    expect(response.headers.get("content-type")).toBe("application/json")
    expect(await response.text()).toBe('"Bad request."')
  })

  it("sends HTML as is", async () => {
    const response = await fetch(`${running.url}/canned/html`)
    expect(response.headers.get("content-type")).toBe("text/html")
    expect(await response.text()).toBe("<p>hi</p>")
  })

  it("sends a redirect with an empty body", async () => {
    const response = await fetch(`${running.url}/canned/redirect`, { redirect: "manual" })
    expect(response.status).toBe(302)
    expect(response.headers.get("location")).toBe("http://127.0.0.1/next")
    expect(await response.text()).toBe("")
  })

  it("sends JSON null and untyped objects as JSON", async () => {
    expect(await (await fetch(`${running.url}/canned/null-json`)).text()).toBe("null")
    const untyped = await fetch(`${running.url}/canned/untyped-object`)
    expect(untyped.headers.get("content-type")).toBe("application/json")
    expect(await untyped.json()).toEqual({ a: 1 })
  })
})

describe("through the auth controller", () => {
  let running: RunningApp
  beforeAll(async () => {
    running = await startApp(RealAuthModule, (app) => app.setGlobalPrefix("v1"))
  })
  afterAll(async () => {
    await running?.app.close()
  })

  it("sends the CSRF and callback-url cookies as two Set-Cookie headers", async () => {
    const response = await fetch(`${running.url}/v1/api/auth/csrf?callbackUrl=%2Fprofile`)
    const names = response.headers.getSetCookie().map((line) => line.split("=")[0])
    expect(names).toEqual(expect.arrayContaining(["authjs.csrf-token", "authjs.callback-url"]))
    expect(names).toHaveLength(2)
  })

  it("builds provider URLs from the mount path the request reached, global prefix included", async () => {
    const providers = await (await fetch(`${running.url}/v1/api/auth/providers`)).json()
    expect(providers.credentials.callbackUrl).toBe(`${running.url}/v1/api/auth/callback/credentials`)
    expect(providers.credentials.signinUrl).toBe(`${running.url}/v1/api/auth/signin/credentials`)
  })
})
