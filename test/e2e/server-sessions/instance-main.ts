// One app instance of the two-process server-sessions test, run as its own process:
//   node --import ../multi-instance/register-ts.mjs instance-main.ts
// Environment: PORT, BACKEND ("pg", "drizzle", "unstorage" or "jwt") and STORE_URL (PostgreSQL URL,
// or Redis URL; for "unstorage" also STORE_BASE). Prints one JSON line, {"port": <port>}, once listening.
import "reflect-metadata"
import { NestFactory } from "@nestjs/core"
import { Redis } from "ioredis"
import { RedisRevocationStore, type AuthConfig } from "../../../lib/index.js"
import { newPool } from "../../utils/adapter-backends.js"
import { drizzleManagedAdapter, pgManagedAdapter, unstorageManagedAdapter } from "../../utils/managed-backends.js"
import { serverSessionsModule } from "./app.module.js"

async function main(): Promise<void> {
  const { BACKEND, STORE_URL = "", STORE_BASE = "" } = process.env
  const closers: Array<() => unknown> = []
  let config: Partial<AuthConfig>
  if (BACKEND === "jwt") {
    const redis = new Redis(STORE_URL, { maxRetriesPerRequest: 2 })
    closers.push(() => redis.quit())
    config = { session: { strategy: "jwt", revocation: RedisRevocationStore(redis) } }
  } else if (BACKEND === "unstorage") {
    const { adapter, close } = unstorageManagedAdapter(STORE_URL, STORE_BASE)
    closers.push(close)
    config = { adapter }
  } else {
    const pool = newPool(STORE_URL)
    closers.push(() => pool.end())
    config = { adapter: BACKEND === "drizzle" ? drizzleManagedAdapter(pool) : pgManagedAdapter(pool) }
  }
  const app = await NestFactory.create(serverSessionsModule(config), { logger: ["error"] })
  await app.listen(Number(process.env.PORT), "127.0.0.1")
  process.stdout.write(`${JSON.stringify({ port: Number(process.env.PORT) })}\n`)
  const shutdown = () => {
    void app
      .close()
      .then(() => Promise.all(closers.map((close) => close())))
      .finally(() => process.exit(0))
  }
  process.once("SIGTERM", shutdown)
  process.once("SIGINT", shutdown)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
