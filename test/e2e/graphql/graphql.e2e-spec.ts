import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { createTestSession } from "../../../lib/testing.js"
import { startApp, TEST_PLATFORM, type RunningApp } from "../../utils/nest-app.js"
import { graphqlModule } from "./app.module.js"
import { admin, alice, postGraphql, type GraphqlAnswer } from "./graphql-client.js"

describe("AuthGuard on GraphQL resolvers (Apollo)", () => {
  let running: RunningApp
  const errors: Error[] = []

  beforeAll(async () => {
    running = await startApp(graphqlModule({ logger: { error: (e) => void errors.push(e) }, session: { updateAge: 0 } }))
  })
  afterAll(async () => {
    await running?.app.close()
  })
  afterEach(() => {
    errors.length = 0
  })

  const graphql = (query: string, headers?: Record<string, string>) => postGraphql(running.url, query, headers)
  const cookieOf = async (user: object) => ({ cookie: (await createTestSession(running.app, user)).cookie })
  const codeOf = (body: GraphqlAnswer) => body.errors?.map((e) => [e.extensions?.code, e.extensions?.originalError?.statusCode])

  it("runs on the platform of this test run (Apollo's Express or Fastify integration)", () => {
    expect(running.app.getHttpAdapter().getType()).toBe(TEST_PLATFORM)
  })

  it("answers a signed-in query, with @Session() in the resolver", async () => {
    const { response, body } = await graphql("{ viewer { email name } }", await cookieOf(alice))
    expect(response.status).toBe(200)
    expect(body).toEqual({ data: { viewer: { email: alice.email, name: alice.name } } })
  })

  it("refuses an anonymous query with UNAUTHENTICATED (401), never a redirect", async () => {
    const { response, body } = await graphql("{ viewer { email } }", { accept: "text/html,application/json;q=0.9" })
    expect(response.status).toBe(200)
    expect(body.data).toBeNull()
    expect(codeOf(body)).toEqual([["UNAUTHENTICATED", 401]])
  })

  it("refuses a garbage cookie with UNAUTHENTICATED", async () => {
    const { body } = await graphql("{ viewer { email } }", { cookie: "authjs.session-token=not-a-jwe" })
    expect(codeOf(body)).toEqual([["UNAUTHENTICATED", 401]])
  })

  it("serves @Public() resolvers to everyone, with the session when there is one", async () => {
    expect((await graphql("{ greeting }")).body).toEqual({ data: { greeting: "Hello stranger" } })
    expect((await graphql("{ greeting }", await cookieOf(alice))).body).toEqual({ data: { greeting: "Hello Alice" } })
  })

  it("refuses a user without the role with FORBIDDEN (403), and lets an admin in", async () => {
    expect(codeOf((await graphql("{ auditLog }", await cookieOf(alice))).body)).toEqual([["FORBIDDEN", 403]])
    expect((await graphql("{ auditLog }", await cookieOf(admin))).body).toEqual({ data: { auditLog: "all quiet" } })
  })

  it("runs @Authorize() predicates on the GraphQL args", async () => {
    const mine = await graphql(`{ account(owner: "${alice.email}") }`, await cookieOf(alice))
    expect(mine.body).toEqual({ data: { account: `account of ${alice.email}` } })
    const theirs = await graphql(`{ account(owner: "${admin.email}") }`, await cookieOf(alice))
    expect(codeOf(theirs.body)).toEqual([["FORBIDDEN", 403]])
  })

  it("answers FORBIDDEN when a predicate throws, and logs it once", async () => {
    const { response, body } = await graphql("{ fragile }", await cookieOf(alice))
    expect(response.status).toBe(200)
    expect(codeOf(body)).toEqual([["FORBIDDEN", 403]])
    expect(errors.map((e) => [e.name, (e.cause as Error).message])).toEqual([["AuthorizationCheckError", "flaky policy"]])
  })

  it("writes the sliding refresh of the session cookie on the GraphQL response", async () => {
    const { response } = await graphql("{ viewer { email } }", await cookieOf(alice))
    expect(response.headers.getSetCookie()).toEqual([expect.stringMatching(/^authjs\.session-token=eyJ[^;]+; Path=\/; Expires=/)])
  })
})
