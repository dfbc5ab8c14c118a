import { spawn, spawnSync, type ChildProcess } from "node:child_process"
import { connect } from "node:net"
import { freePort } from "./free-port.js"
import type { ServerAvailability } from "./real-server.js"
import { stopChild } from "./stop-child.js"

// redis-server for tests and the benchmark: on 127.0.0.1, without persistence, started by the file
// that needs it; stop() ends only the process it started.

/** A `redis-server` child process started by a test file on 127.0.0.1 and a random port. */
export interface RunningRedis {
  /** `redis://127.0.0.1:<port>` */
  url: string
  port: number
  /** Kills the server. Safe to call more than once. */
  stop(): Promise<void>
}

const START_TIMEOUT_MS = 10_000

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
    try {
      const child = await spawnRedis(port)
      return { url: `redis://127.0.0.1:${port}`, port, stop: () => stopChild(child) }
    } catch (error) {
      // The port was free a moment ago; another process may have taken it.
      if (attempt >= 2) throw error
    }
  }
}

/** A redis-server an outage step can stop and start again on the same port. */
export interface RestartableRedis {
  url: string
  /** Stops the server; start() brings it back, empty, on the same port. */
  stop(): Promise<void>
  start(): Promise<void>
}

export async function startRedisOn(port: number): Promise<RestartableRedis> {
  let child: ChildProcess | undefined
  const start = async () => {
    child = await spawnRedis(port)
  }
  await start()
  return { url: `redis://127.0.0.1:${port}`, start, stop: async () => child && stopChild(child) }
}

/** One redis-server on `port`, once it answers PING; killed again if it never does. */
async function spawnRedis(port: number): Promise<ChildProcess> {
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
    return child
  } catch (error) {
    await stopChild(child)
    throw new Error(`redis-server did not start on ${port}: ${(error as Error).message}\n${output.join("").slice(-2000)}`)
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
