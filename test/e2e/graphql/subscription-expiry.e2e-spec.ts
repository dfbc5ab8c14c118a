import { ApolloDriver, type ApolloDriverConfig } from "@nestjs/apollo"
import { Module } from "@nestjs/common"
import { GraphQLModule, Query, Resolver, Subscription } from "@nestjs/graphql"
import { createClient, type Client } from "graphql-ws"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import WebSocket from "ws"
import { AuthModule } from "../../../lib/nest/auth.module.js"
import { createTestSession } from "../../../lib/testing.js"
import { startApp, TEST_PLATFORM, type RunningApp } from "../../utils/nest-app.js"
import { nestAuthConfig } from "../../utils/nest-auth-config.js"

@Resolver()
class TickResolver {
  @Query(() => String) hello(): string {
    return "hi"
  }

  @Subscription(() => String)
  async *tick(): AsyncGenerator<{ tick: string }> {
    yield { tick: "first" }
  }
}

/** Sessions live 2 s; subscriptions over graphql-ws, every resolver guarded. */
@Module({
  imports: [
    AuthModule.forRoot({ ...nestAuthConfig({ session: { maxAge: 2 } }), globalGuard: true }),
    GraphQLModule.forRoot<ApolloDriverConfig>({ driver: ApolloDriver, autoSchemaFile: true, playground: false, subscriptions: { "graphql-ws": true } }),
  ],
  providers: [TickResolver],
})
class SubscriptionAppModule {}

/** One subscription over the client's connection: its first event, or the error it ended with. */
function subscribeOnce(client: Client): Promise<{ data?: unknown; error?: string }> {
  return new Promise((resolve) => {
    let settled = false
    const done = (value: { data?: unknown; error?: string }) => {
      if (!settled) (settled = true), resolve(value)
    }
    client.subscribe(
      { query: "subscription { tick }" },
      {
        next: (result) => done(result.errors ? { error: result.errors.map((e) => e.message).join("; ") } : { data: result.data }),
        error: (e) => done({ error: Array.isArray(e) ? e.map((x) => x.message).join("; ") : String((e as Error)?.message ?? e) }),
        complete: () => done({ error: "completed without an event" }),
      },
    )
  })
}

describe("AuthGuard on graphql-ws subscriptions: the connection's session expires", () => {
  let running: RunningApp
  beforeAll(async () => {
    running = await startApp(SubscriptionAppModule)
  })
  afterAll(async () => {
    await running?.app.close()
  })

  it("runs on the platform of this test run; graphql-ws shares its Node server", () => {
    expect(running.app.getHttpAdapter().getType()).toBe(TEST_PLATFORM)
  })

  it("lets a subscription through while the session lives, and refuses the next one on the same connection once it expired", async () => {
    const { cookie } = await createTestSession(running.app, { id: "u1", email: "a@example.com" })
    const client = createClient({
      url: `${running.url.replace("http", "ws")}/graphql`,
      webSocketImpl: class extends WebSocket {
        constructor(url: string, protocols: string[]) {
          super(url, protocols, { headers: { cookie } })
        }
      },
      lazy: false,
      retryAttempts: 0,
    })
    try {
      expect(await subscribeOnce(client)).toEqual({ data: { tick: "first" } })
      await new Promise((r) => setTimeout(r, 2_500))
      const late = await subscribeOnce(client)
      expect(late.data).toBeUndefined()
      expect(late.error).toMatch(/Unauthorized/i)
    } finally {
      await client.dispose()
    }
  })

  it("refuses a connection without a session", async () => {
    const client = createClient({ url: `${running.url.replace("http", "ws")}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 })
    try {
      expect((await subscribeOnce(client)).error).toMatch(/Unauthorized/i)
    } finally {
      await client.dispose()
    }
  })
})
