// With @nestjs/swagger, the app's OpenAPI document lists the auth routes with their parameters,
// bodies and responses, and every route AuthGuard protects carries the session cookie (and bearer)
// security requirement. The library itself never imports @nestjs/swagger.
import { writeFileSync, mkdirSync } from "node:fs"
import { DocumentBuilder, SwaggerModule } from "@nestjs/swagger"
import type { OpenAPIObject } from "@nestjs/swagger"
import { afterEach, describe, expect, it } from "vitest"
import { addAuthSecuritySchemes } from "../../../lib/nest/openapi-security.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { SwaggerAppModule } from "./app.module.js"

let running: RunningApp | undefined
afterEach(async () => {
  await running?.app.close()
  running = undefined
})

async function documentOf(module: Parameters<typeof startApp>[0], setup?: Parameters<typeof startApp>[1]): Promise<OpenAPIObject> {
  running = await startApp(module, setup)
  const document = SwaggerModule.createDocument(running.app, new DocumentBuilder().setTitle("test").build())
  return addAuthSecuritySchemes(running.app, document)
}

const SESSION = [{ "authjs-session": [] }]

describe("the OpenAPI document of an app with AuthModule", () => {
  it("lists every auth route under the Auth.js tag, with parameters, bodies and responses", async () => {
    const document = await documentOf(SwaggerAppModule.with())
    mkdirSync(".tmp", { recursive: true })
    writeFileSync(".tmp/openapi.json", JSON.stringify(document, null, 2))
    const authPaths = Object.keys(document.paths).filter((path) => path.startsWith("/auth"))
    expect(authPaths.sort()).toEqual([
      "/auth/callback/{provider}",
      "/auth/csrf",
      "/auth/error",
      "/auth/providers",
      "/auth/session",
      "/auth/signin",
      "/auth/signin/{provider}",
      "/auth/signout",
      "/auth/verify-request",
    ])
    const operations = authPaths.flatMap((path) => Object.values(document.paths[path]!))
    expect(operations.length).toBe(13)
    for (const operation of operations) {
      expect(operation.tags).toEqual(["Auth.js"])
      expect(operation.summary).toBeTruthy()
      expect(operation.security).toBeUndefined()
    }

    const signIn = document.paths["/auth/signin/{provider}"]!.post!
    expect(signIn.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "provider", in: "path", required: true, schema: { type: "string" } }),
        expect.objectContaining({ name: "X-Auth-Return-Redirect", in: "header", required: false }),
      ]),
    )
    const body = signIn.requestBody as { content: Record<string, { schema: { properties: object; required: string[] } }> }
    expect(Object.keys(body.content).sort()).toEqual(["application/json", "application/x-www-form-urlencoded"])
    expect(body.content["application/x-www-form-urlencoded"]!.schema).toMatchObject({
      properties: { csrfToken: { type: "string" }, callbackUrl: { type: "string" } },
      required: ["csrfToken"],
    })
    expect(Object.keys(signIn.responses)).toEqual(["302", "400"])

    const csrf = document.paths["/auth/csrf"]!.get!
    expect(csrf.responses["200"]).toMatchObject({
      content: { "application/json": { schema: { type: "object", properties: { csrfToken: { type: "string" } } } } },
    })
    expect(document.paths["/auth/callback/{provider}"]).toHaveProperty("get")
    expect(document.paths["/auth/callback/{provider}"]).toHaveProperty("post")
    expect(document.paths["/auth/signin"]!.get!.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: "callbackUrl", in: "query", required: false })]),
    )
    // The catch-all route below basePath is not an operation.
    expect(Object.keys(document.paths).some((path) => path.includes("rest"))).toBe(false)
  })

  it("puts the session-cookie requirement on guarded routes only, and defines the scheme", async () => {
    const document = await documentOf(SwaggerAppModule.with())
    expect(document.paths["/profile"]!.get!.security).toEqual(SESSION)
    expect(document.paths["/reports/admin"]!.get!.security).toEqual(SESSION)
    expect(document.paths["/profile/ping"]!.get!.security).toBeUndefined()
    expect(document.paths["/reports/public"]!.get!.security).toBeUndefined()
    expect(document.paths["/open"]!.get!.security).toBeUndefined()
    expect(document.paths["/partner"]!.get!.security).toEqual([{ "partner-key": [] }])
    expect(document.components!.securitySchemes).toEqual({
      "authjs-session": expect.objectContaining({ type: "apiKey", in: "cookie", name: "authjs.session-token" }),
    })
  })

  it("adds the bearer alternative when bearer tokens are on", async () => {
    const document = await documentOf(SwaggerAppModule.with({ bearer: true }))
    expect(document.paths["/profile"]!.get!.security).toEqual([{ "authjs-session": [] }, { "authjs-bearer": [] }])
    expect(document.components!.securitySchemes!["authjs-bearer"]).toMatchObject({ type: "http", scheme: "bearer" })
  })

  it("with globalGuard: true, covers every route that is not @Public()", async () => {
    const document = await documentOf(SwaggerAppModule.with({ globalGuard: true }))
    expect(document.paths["/open"]!.get!.security).toEqual(SESSION)
    expect(document.paths["/reports/public"]!.get!.security).toEqual(SESSION)
    expect(document.paths["/profile/ping"]!.get!.security).toBeUndefined()
    expect(document.paths["/auth/session"]!.get!.security).toBeUndefined()
  })

  it("follows the global prefix and names the https cookie when secure cookies are forced", async () => {
    const document = await documentOf(SwaggerAppModule.with({ basePath: "/api/auth", useSecureCookies: true }), (app) =>
      app.setGlobalPrefix("v1"),
    )
    expect(document.paths).toHaveProperty(["/v1/api/auth/signin/{provider}"])
    expect(document.paths["/v1/profile"]!.get!.security).toEqual(SESSION)
    expect(document.components!.securitySchemes!["authjs-session"]).toMatchObject({ name: "__Secure-authjs.session-token" })
  })

  it("opts out: openApi { security: false } keeps the routes, openApi false drops both", async () => {
    const withoutSecurity = await documentOf(SwaggerAppModule.with({ openApi: { security: false } }))
    expect(withoutSecurity.paths["/profile"]!.get!.security).toBeUndefined()
    expect(withoutSecurity.paths).toHaveProperty(["/auth/csrf"])
    await running!.app.close()

    const without = await documentOf(SwaggerAppModule.with({ openApi: false }))
    expect(Object.keys(without.paths).filter((path) => path.startsWith("/auth"))).toEqual([])
    expect(without.paths["/profile"]!.get!.security).toBeUndefined()
  })
})
