import { execFileSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { cpus, loadavg, release, totalmem } from "node:os"
import { join } from "node:path"
import { pinned, SERVER_CORE } from "./processes.js"

export interface Machine {
  date: string
  cpu: string
  cores: number
  memoryGiB: number
  kernel: string
  node: string
  /** 1, 5 and 15 minute load averages when the run started; above ~0.5 the numbers are noisy. */
  loadAverage: number[]
  pinning: string
}

function version(pkg: string): string {
  try {
    const file = join(__dirname, "..", "..", "node_modules", pkg, "package.json")
    return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version
  } catch {
    return "?"
  }
}

export function machine(): Machine {
  let kernel = release()
  try {
    kernel = execFileSync("uname", ["-srm"], { encoding: "utf8" }).trim()
  } catch {
    // keep os.release()
  }
  return {
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel,
    node: process.version,
    loadAverage: loadavg().map((n) => Math.round(n * 100) / 100),
    pinning: pinned
      ? `servers on core ${SERVER_CORE} (taskset); load generator, orchestrator and PostgreSQL on core 0`
      : "no pinning (taskset missing or one core)",
  }
}

/** Versions of the packages the table compares. */
export function versions(): Record<string, string> {
  const names = ["@nestjs/core", "express", "@auth/core", "@auth/express", "jose", "passport-jwt", "@nestjs/passport", "pg", "autocannon"]
  return Object.fromEntries(names.map((n) => [n, version(n)]))
}
