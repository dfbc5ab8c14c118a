// One app instance of the multi-instance test, run as its own process:
//   node --import ./register-ts.mjs instance-main.ts
// Environment: PORT, AUTH_SECRET, and either DATABASE_URL + OIDC_ISSUER (database sessions through
// @auth/pg-adapter, OIDC sign-in) or neither (JWT sessions, credentials sign-in).
// Prints one JSON line, {"port": <port>}, once it is listening.
import "reflect-metadata"
import PostgresAdapter from "@auth/pg-adapter"
import { Controller, Get, Module, UseGuards } from "@nestjs/common"
import { NestFactory } from "@nestjs/core"
import pg from "pg"
import { AuthGuard, AuthModule, Session, type AuthConfig } from "../../../lib/index.js"
import { demoCredentials } from "../../utils/nest-auth-config.js"

@Controller("profile")
@UseGuards(AuthGuard)
class ProfileController {
  @Get()
  me(@Session() session: Session) {
    return { ...session, servedBy: process.pid }
  }
}

async function main(): Promise<void> {
  const { DATABASE_URL, OIDC_ISSUER } = process.env
  const pool = DATABASE_URL ? new pg.Pool({ connectionString: DATABASE_URL, max: 4, connectionTimeoutMillis: 3_000 }) : undefined
  pool?.on("error", () => {})
  const config: AuthConfig = pool
    ? {
        trustHost: true,
        adapter: PostgresAdapter(pool),
        providers: [{ id: "corp", name: "Corp SSO", type: "oidc", issuer: OIDC_ISSUER, clientId: "corp-app", clientSecret: "corp-secret" }],
      }
    : { trustHost: true, providers: [demoCredentials()] }

  @Module({ imports: [AuthModule.forRoot(config)], controllers: [ProfileController] })
  class InstanceModule {}

  const app = await NestFactory.create(InstanceModule, { logger: ["error"] })
  await app.listen(Number(process.env.PORT), "127.0.0.1")
  process.stdout.write(`${JSON.stringify({ port: Number(process.env.PORT) })}\n`)
  const shutdown = () => {
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
