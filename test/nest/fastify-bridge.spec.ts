import { All, Controller, Get, Module, Post, Req, Res } from "@nestjs/common"
import { NestFactory } from "@nestjs/core"
import { FastifyAdapter, type NestFastifyApplication } from "@nestjs/platform-fastify"
import type { FastifyReply, FastifyRequest } from "fastify"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { AuthResponse } from "../../lib/core/vocabulary/http.js"
import { AuthModule } from "../../lib/nest/auth.module.js"
import type { HttpRequest } from "../../lib/nest/http-bridge.js"
import { HttpBridgeHost } from "../../lib/nest/http-bridge.host.js"
import { nestAuthConfig } from "../utils/nest-auth-config.js"

// Fastify's own request type must satisfy the bridge's structural one (compile-time check).
const _req: (r: FastifyRequest) => HttpRequest = (r) => r
void _req

const cookie = (name: string, value: string, extra: object = {}) => ({
  name,
  value,
  options: { path: "/", httpOnly: true, sameSite: "lax" as const, ...extra },
})

const canned: AuthResponse = {
  status: 200,
  headers: { "content-type": "application/json" },
  cookies: [cookie("a", "1"), cookie("b", "x|y"), cookie("c", "", { maxAge: 0 })],
  body: { ok: true },
}

/** AuthModule's bridge host (not exported to other modules), set once the app is created. */
let host: HttpBridgeHost

/** Echoes what the Fastify bridge makes of a request, on the auth controller's route shapes. */
@Controller("api/auth")
class EchoController {
  private get bridges(): HttpBridgeHost {
    return host
  }

  @Get("csrf")
  csrf(@Req() req: FastifyRequest) {
    return this.bridges.bridge.toAuthRequest(req, "csrf")
  }

  @Post("signin/:provider")
  signIn(@Req() req: FastifyRequest) {
    return this.bridges.bridge.toAuthRequest(req, "signin", (req.params as { provider: string }).provider)
  }

  @Get("canned")
  send(@Res() reply: FastifyReply) {
    this.bridges.bridge.send(reply, canned)
  }

  @All(["/", "/*"])
  unmatched(@Req() req: FastifyRequest) {
    return this.bridges.bridge.toAuthRequest(req)
  }
}

@Module({ imports: [AuthModule.forRoot(nestAuthConfig())], controllers: [EchoController] })
class EchoModule {}

describe("the Fastify bridge", () => {
  let app: NestFastifyApplication
  let url: string

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(EchoModule, new FastifyAdapter(), { logger: false })
    app.setGlobalPrefix("t/:tenant")
    host = app.get(HttpBridgeHost)
    await app.listen(0, "127.0.0.1")
    url = (await app.getUrl()).replace("[::1]", "127.0.0.1")
  })
  afterAll(async () => {
    await app?.close()
  })

  it("is the bridge AuthModule chose", () => {
    expect(app.get(HttpBridgeHost).bridge.platform).toBe("fastify")
  })

  it("maps method, mount path (prefix parameters filled), headers, query and cookies", async () => {
    const mapped = await (await fetch(`${url}/t/acme/api/auth/csrf?x=1&x=2`, { headers: { cookie: "a=1; b=2" } })).json()
    expect(mapped).toMatchObject({ method: "GET", action: "csrf", basePath: "/t/acme/api/auth", protocol: "http" })
    expect(mapped.query).toEqual({ x: "2" })
    expect(mapped.cookies).toEqual({ a: "1", b: "2" })
    expect(mapped.headers.cookie).toBe("a=1; b=2")
  })

  it("reads the provider and a form body as Nest's Fastify adapter parsed it", async () => {
    const response = await fetch(`${url}/t/acme/api/auth/signin/github`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "csrfToken=abc&callbackUrl=%2Fafter",
    })
    expect(await response.json()).toMatchObject({
      action: "signin",
      providerId: "github",
      basePath: "/t/acme/api/auth",
      body: { csrfToken: "abc", callbackUrl: "/after" },
    })
  })

  it("splits unmatched paths as Auth.js does, the bare mount path included", async () => {
    const two = await (await fetch(`${url}/t/acme/api/auth/callback/corp`)).json()
    expect(two).toMatchObject({ action: "callback", providerId: "corp", basePath: "/t/acme/api/auth" })
    const three = await (await fetch(`${url}/t/acme/api/auth/a/b/c`)).json()
    expect(three).toMatchObject({ action: "a/b/c", basePath: "/t/acme/api/auth" })
    const bare = await (await fetch(`${url}/t/acme/api/auth`)).json()
    expect(bare).toMatchObject({ action: "", basePath: "/t/acme/api/auth" })
  })

  it("sends one Set-Cookie per cookie and the body with the exact content type", async () => {
    const response = await fetch(`${url}/t/acme/api/auth/canned`)
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toBe("application/json")
    expect(response.headers.getSetCookie()).toEqual([
      "a=1; Path=/; HttpOnly; SameSite=Lax",
      "b=x%7Cy; Path=/; HttpOnly; SameSite=Lax",
      expect.stringMatching(/^c=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax/),
    ])
    const text = await response.text()
    expect(text).toBe('{"ok":true}')
    expect(response.headers.get("content-length")).toBe(String(text.length))
  })
})
