// The app under soak, run as its own process by run-soak.ts (node --expose-gc --import
// register-ts.mjs soak-server.ts). Environment: PORT, OIDC_ISSUER, SOAK_PASSWORD.
// IPC: sends { type: "ready" } once listening; answers "sample" with its memory, open file
// descriptors (/proc/self/fd) and the errors its auth logger saw; "stop" closes it.
import "reflect-metadata"
import { readdirSync } from "node:fs"
import { NestFactory } from "@nestjs/core"
import type { AuthLogger } from "../../lib/index.js"
import { securityAppModule } from "../security/security-app.module.js"

export interface SoakSample {
  type: "sample"
  rss: number
  heapUsed: number
  heapTotal: number
  /** Memory outside the V8 heap that JS objects hold (Buffers, crypto handles). */
  external: number
  fds: number
  errors: number
  lastErrors: string[]
}

const errors: string[] = []
const logger: AuthLogger = {
  error: (error) => void errors.push(`${(error as { type?: string }).type ?? error.name}: ${error.message}`),
  warn: () => {},
  debug: () => {},
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT)
  const app = await NestFactory.create(
    securityAppModule({
      password: process.env.SOAK_PASSWORD ?? "",
      oidc: [{ issuer: process.env.OIDC_ISSUER ?? "" }],
      config: { logger },
    }),
    { logger: ["error"] },
  )
  await app.listen(port, "127.0.0.1")
  process.send!({ type: "ready", port })
  process.on("message", (message) => {
    if (message === "sample") {
      // After a full collection, so the numbers are what is retained, not garbage not yet collected.
      const gc = (globalThis as { gc?: () => void }).gc
      gc?.()
      gc?.()
      const memory = process.memoryUsage()
      const sample: SoakSample = {
        type: "sample",
        rss: memory.rss,
        heapUsed: memory.heapUsed,
        heapTotal: memory.heapTotal,
        external: memory.external,
        fds: readdirSync("/proc/self/fd").length,
        errors: errors.length,
        lastErrors: errors.slice(-3),
      }
      process.send!(sample)
    }
    if (message === "stop") void app.close().finally(() => process.exit(0))
  })
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
