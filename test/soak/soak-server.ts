// The app under soak, run as its own process by run-soak.ts (node --expose-gc --import
// register-ts.mjs soak-server.ts). Environment: PORT, OIDC_ISSUER, SOAK_PASSWORD.
// IPC: sends { type: "ready" } once listening; answers "sample" with its memory, open file
// descriptors (/proc/self/fd) and the errors its auth logger saw; "stop" closes it.
import "reflect-metadata"
import { readdirSync, readFileSync } from "node:fs"
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
  /**
   * RSS split as /proc/self/status reports it: anonymous memory (what the process allocated) and
   * file-backed pages (the node binary, native modules), which the kernel drops and reloads under
   * other processes' memory pressure.
   */
  rssAnon: number
  rssFile: number
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

/**
 * What the process keeps, with the load paused: two full collections, then the lowest of three
 * readings 250 ms apart. Right after a collection, memory the collector and the compiler threads
 * used for a moment is still counted; the readings measure what stays.
 */
async function sample(): Promise<SoakSample> {
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  gc?.()
  const readings: Array<{ rss: number; rssAnon: number; rssFile: number }> = []
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 250))
    readings.push({ rss: process.memoryUsage.rss(), ...rssSplit() })
  }
  const lowest = readings.reduce((a, b) => (b.rss < a.rss ? b : a))
  const memory = process.memoryUsage()
  return {
    type: "sample",
    ...lowest,
    heapUsed: memory.heapUsed,
    heapTotal: memory.heapTotal,
    external: memory.external,
    fds: readdirSync("/proc/self/fd").length,
    errors: errors.length,
    lastErrors: errors.slice(-3),
  }
}

function rssSplit(): { rssAnon: number; rssFile: number } {
  const status = readFileSync("/proc/self/status", "utf8")
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN) * 1024
  return { rssAnon: kb("RssAnon"), rssFile: kb("RssFile") + kb("RssShmem") }
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
    if (message === "sample") void sample().then((reading) => process.send!(reading))
    if (message === "stop") void app.close().finally(() => process.exit(0))
  })
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
