// One app process of the cluster test, run by test/cluster/cluster.ts:
//   node --import ../e2e/multi-instance/register-ts.mjs cluster-app.ts
// Environment: PORT, AUTH_SECRETS (JSON array, first encrypts), OIDC_ISSUER, and optionally
// DATABASE_URL (database sessions through @auth/pg-adapter), REDIS_URL with COORDINATE=1 (tokens.coordinator)
// and READ_CACHE=1 (session.readCache). Prints {"port"} once listening, then {"warn"} / {"error"} per log line.
import "reflect-metadata"
import PostgresAdapter from "@auth/pg-adapter"
import { Controller, Get, Module, UseGuards } from "@nestjs/common"
import { NestFactory } from "@nestjs/core"
import Redis from "ioredis"
import pg from "pg"
import { withAccountMethods } from "../../lib/adapters.js"
import { AuthGuard, AuthModule, Session, type AuthConfig } from "../../lib/index.js"
import { redisCoordinator } from "../../lib/redis.js"

const say = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`)

@Controller("profile")
@UseGuards(AuthGuard)
class ProfileController {
  @Get()
  me(@Session() session: Session & { accessToken?: string; error?: string }) {
    return { email: session.user?.email, accessToken: session.accessToken, error: session.error, servedBy: process.pid }
  }
}

async function main(): Promise<void> {
  const { DATABASE_URL, REDIS_URL, COORDINATE, READ_CACHE, OIDC_ISSUER, AUTH_SECRETS } = process.env
  const pool = DATABASE_URL ? new pg.Pool({ connectionString: DATABASE_URL, max: 4, connectionTimeoutMillis: 3_000 }) : undefined
  pool?.on("error", () => {})
  // Fail fast while Redis is away: the library bounds each call and falls back anyway.
  const redis = REDIS_URL ? new Redis(REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false }) : undefined
  redis?.on("error", () => {})
  const coordinator = redis ? redisCoordinator(redis) : undefined
  const config: AuthConfig = {
    trustHost: true,
    secret: JSON.parse(AUTH_SECRETS ?? "[]") as string[],
    providers: [{ id: "corp", name: "Corp SSO", type: "oidc", issuer: OIDC_ISSUER, clientId: "corp-app", clientSecret: "corp-secret" }],
    tokens: { refresh: true, ...(COORDINATE === "1" && coordinator ? { coordinator } : {}) },
    ...(pool
      ? {
          adapter: withAccountMethods(PostgresAdapter(pool), pool),
          session: { strategy: "database" as const, ...(READ_CACHE === "1" ? { readCache: { maxAge: 5, coordinator } } : {}) },
        }
      : {}),
    callbacks: {
      session: ({ session, token, user, account }) => ({
        user: { email: user?.email ?? session.user?.email },
        expires: session.expires,
        accessToken: account?.access_token ?? token?.access_token,
      }),
    },
    logger: {
      warn: (code) => say({ warn: code }),
      error: (error) => say({ error: error.name, message: error.message }),
    },
  }

  @Module({ imports: [AuthModule.forRoot(config)], controllers: [ProfileController] })
  class ClusterAppModule {}

  const app = await NestFactory.create(ClusterAppModule, { logger: ["error"] })
  // Which process answered: the test checks that nginx spread the requests.
  app.use((_req: unknown, res: { setHeader(name: string, value: string): void }, next: () => void) => {
    res.setHeader("x-served-by", String(process.pid))
    next()
  })
  await app.listen(Number(process.env.PORT), "127.0.0.1")
  say({ port: Number(process.env.PORT) })
  const shutdown = () => {
    coordinator?.close()
    redis?.disconnect()
    void app
      .close()
      .then(() => pool?.end())
      .finally(() => process.exit(0))
  }
  process.once("SIGTERM", shutdown)
  process.once("SIGINT", shutdown)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
