import { spawn, spawnSync, type ChildProcess } from "node:child_process"
import { connect } from "node:net"
import { freePort } from "./free-port.js"
import type { ServerAvailability } from "./real-server.js"

/** A `redis-server` child process started by a test file on 127.0.0.1 and a random port. */
export interface RunningRedis {
  /** `redis://127.0.0.1:<port>` */
  url: string
  port: number
  /** Kills the server. Safe to call more than once. */
  stop(): Promise<void>
}

const START_TIMEOUT_MS = 10_000
const STOP_TIMEOUT_MS = 5_000

/** Whether `redis-server` is on the PATH (Debian: `apt-get install redis-server`). */
export const redisAvailability: ServerAvailability = (() => {
  const probe = spawnSync("redis-server", ["--version"], { stdio: "ignore", timeout: 5_000 })
  return probe.status === 0
    ? { name: "Redis (redis-server)", available: true }
    : { name: "Redis (redis-server)", available: false, reason: "redis-server is not on the PATH" }
})()

/**
 * Starts `redis-server` without persistence, bound to 127.0.0.1, and waits until it answers PING.
 * Call `stop()` in `afterAll`.
 */
export async function startRedis(): Promise<RunningRedis> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort()
    const child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes"],
      { stdio: ["ignore", "pipe", "pipe"] },
    )
    const output: string[] = []
    // A spawn failure (e.g. ENOENT) arrives as an event; waitForPing then sees the exit code.
    child.on("error", (error) => output.push(String(error)))
    child.stdout!.on("data", (chunk: Buffer) => output.push(chunk.toString()))
    child.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()))
    try {
      await waitForPing(port, child)
    } catch (error) {
      await kill(child)
      // The port was free a moment ago; another process may have taken it.
      if (attempt < 2) continue
      throw new Error(`redis-server did not start: ${(error as Error).message}\n${output.join("").slice(-2000)}`)
    }
    return { url: `redis://127.0.0.1:${port}`, port, stop: () => kill(child) }
  }
}

async function waitForPing(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited (${child.exitCode ?? child.signalCode})`)
    if (await ping(port)) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`no PONG within ${START_TIMEOUT_MS / 1000} s`)
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port })
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(1_000, () => done(false))
    socket.once("error", () => done(false))
    socket.once("connect", () => socket.write("PING\r\n"))
    socket.once("data", (data) => done(data.toString().startsWith("+PONG")))
  })
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS)
    child.once("exit", () => {
      clearTimeout(force)
      resolve()
    })
    child.kill("SIGTERM")
  })
}
