// The same guarded GraphQL API on Nest's Mercurius driver, Fastify's own GraphQL server. The driver
// puts the FastifyRequest at `req` of the context, as Apollo's does, so the guard, @Session(), @Roles()
// and @Authorize() work unchanged; this proves it. Fastify only, in every run (the suite names it).
import { MercuriusDriver, type MercuriusDriverConfig } from "@nestjs/mercurius"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createTestSession } from "../../../lib/testing.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { graphqlModule } from "./app.module.js"
import { admin, alice, postGraphql } from "./graphql-client.js"

describe("AuthGuard on GraphQL resolvers (Mercurius on Fastify)", () => {
  let running: RunningApp
  const errors: Error[] = []

  beforeAll(async () => {
    const mercurius: MercuriusDriverConfig = { driver: MercuriusDriver, autoSchemaFile: true, graphiql: false }
    running = await startApp(graphqlModule({ logger: { error: (e) => void errors.push(e) } }, mercurius), undefined, 0, "127.0.0.1", { name: "fastify" })
  })
  afterAll(async () => {
    await running?.app.close()
  })

  const graphql = (query: string, headers?: Record<string, string>) => postGraphql(running.url, query, headers)
  const cookieOf = async (user: object) => ({ cookie: (await createTestSession(running.app, user)).cookie })

  it("runs on Fastify", () => {
    expect(running.app.getHttpAdapter().getType()).toBe("fastify")
  })

  it("answers a signed-in query, with @Session() in the resolver", async () => {
    const { response, body } = await graphql("{ viewer { email name } }", await cookieOf(alice))
    expect(response.status).toBe(200)
    expect(body).toEqual({ data: { viewer: { email: alice.email, name: alice.name } } })
  })

  it("refuses an anonymous query and a garbage cookie: no data, an Unauthorized error", async () => {
    for (const headers of [{}, { cookie: "authjs.session-token=not-a-jwe" }] as Array<Record<string, string>>) {
      const { response, body } = await graphql("{ viewer { email } }", headers)
      expect(response.status).toBeLessThan(500)
      expect(body.data ?? null).toBeNull()
      expect(body.errors?.map((e) => e.message)).toEqual(["Unauthorized"])
    }
  })

  it("lets @Public() resolvers through, with or without a session", async () => {
    expect((await graphql("{ greeting }")).body).toEqual({ data: { greeting: "Hello stranger" } })
    expect((await graphql("{ greeting }", await cookieOf(alice))).body).toEqual({ data: { greeting: "Hello Alice" } })
  })

  it("applies @Roles() and @Authorize() with the GraphQL args", async () => {
    expect((await graphql("{ auditLog }", await cookieOf(alice))).body.errors?.map((e) => e.message)).toEqual(["Forbidden"])
    expect((await graphql("{ auditLog }", await cookieOf(admin))).body).toEqual({ data: { auditLog: "all quiet" } })
    expect((await graphql(`{ account(owner: "${alice.email}") }`, await cookieOf(alice))).body).toEqual({ data: { account: `account of ${alice.email}` } })
    expect((await graphql(`{ account(owner: "${admin.email}") }`, await cookieOf(alice))).body.data ?? null).toBeNull()
    expect(errors).toEqual([])
  })
})
