// One app process of the sign-in-limits multi-instance test:
//   node --import ../multi-instance/register-ts.mjs limits-instance.ts
// Environment: PORT, AUTH_SECRET, REDIS_URL (limits.store), SMTP_URL (email sign-in).
// Prints {"port"} once listening, then {"warn", "metadata"} per warning.
import "reflect-metadata"
import { Module } from "@nestjs/common"
import { NestFactory } from "@nestjs/core"
import Redis from "ioredis"
import { MemoryAdapter } from "../../../lib/adapters/memory-adapter.js"
import { AuthModule, type AuthConfig } from "../../../lib/index.js"
import Credentials from "../../../lib/providers/credentials.js"
import Nodemailer from "../../../lib/providers/nodemailer.js"
import { redisLimitStore } from "../../../lib/redis.js"

const say = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`)
const PASSWORDS: Record<string, string> = { "target@example.com": "right-password", "second@example.com": "second-password" }

async function main(): Promise<void> {
  const { REDIS_URL, SMTP_URL } = process.env
  // Fail fast while Redis is away, as README advises: the library falls back to per-process counts.
  const redis = new Redis(REDIS_URL!, { maxRetriesPerRequest: 1, enableOfflineQueue: false })
  redis.on("error", () => {})
  const config: AuthConfig = {
    trustHost: true,
    adapter: MemoryAdapter(),
    session: { strategy: "jwt" },
    providers: [
      Credentials({
        credentials: { email: {}, password: { type: "password" } },
        authorize: async ({ email, password }) =>
          typeof email === "string" && PASSWORDS[email] === password ? { id: email, email } : null,
      }),
      Nodemailer({ server: SMTP_URL, from: "Test App <auth@app.test>" }),
    ],
    limits: {
      store: redisLimitStore(redis),
      credentials: { perIdentifier: { max: 5, window: 60 }, perClient: { max: 100, window: 60 } },
      email: { perIdentifier: { max: 3, window: 60 }, perClient: { max: 100, window: 60 } },
    },
    logger: { warn: (code, metadata) => say({ warn: code, metadata }), error: () => {} },
  }

  @Module({ imports: [AuthModule.forRoot(config)] })
  class LimitsInstanceModule {}

  const app = await NestFactory.create(LimitsInstanceModule, { logger: ["error"] })
  await app.listen(Number(process.env.PORT), "127.0.0.1")
  say({ port: Number(process.env.PORT) })
  const shutdown = () => {
    redis.disconnect()
    void app.close().finally(() => process.exit(0))
  }
  process.once("SIGTERM", shutdown)
  process.once("SIGINT", shutdown)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
