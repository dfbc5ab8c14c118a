import { execFileSync, fork, spawn } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { cpus } from "node:os"
import { join } from "node:path"
import { stopChild } from "../test/utils/stop-child.js"
import type { LoadJob, LoadResult } from "./load.js"

/** The core servers run on; the orchestrator, the load generator and PostgreSQL stay on core 0. */
export const SERVER_CORE = 1

const TASKSET = "/usr/bin/taskset"
export const pinned = existsSync(TASKSET) && cpus().length >= 2

const serversDir = join(__dirname, "servers")

export interface RunningServer {
  name: string
  pid: number
  port: number
  /** ms from process start to listening (performance.now() in the server). */
  bootMs: number
  /** Resident set size in bytes, from /proc. */
  rss(): number
  /** CPU seconds (user + system) the process has used so far, from /proc. */
  cpuSeconds(): number
  /** A full garbage collection in the server (started with --expose-gc), resolved when it is done. */
  collectGarbage(): Promise<void>
  stop(): Promise<void>
}

/** Starts `servers/<name>.js` pinned to SERVER_CORE and waits for it to announce its port. */
export function startServer(
  name: string,
  env: Record<string, string> = {},
  nodeArgs: readonly string[] = [],
  timeoutMs = 30_000,
): Promise<RunningServer> {
  const file = join(serversDir, `${name}.js`)
  const node = [process.execPath, "--enable-source-maps", ...nodeArgs, file]
  const [command, ...args] = pinned ? [TASKSET, "-c", String(SERVER_CORE), ...node] : node
  const child = spawn(command!, args, { stdio: ["pipe", "pipe", "inherit"], env: { ...process.env, ...env } })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${name} did not start within ${timeoutMs} ms`)), timeoutMs)
    let buffered = ""
    let ready = false
    const gcWaiters: Array<() => void> = []
    function fail(error: Error) {
      clearTimeout(timer)
      child.kill("SIGKILL")
      reject(error)
    }
    child.once("exit", (code) => fail(new Error(`${name} exited with ${code} before it was ready`)))
    // One JSON line per message: first the announcement, then one per finished garbage collection.
    child.stdout!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString()
      for (let nl = buffered.indexOf("\n"); nl !== -1; nl = buffered.indexOf("\n")) {
        const line = buffered.slice(0, nl)
        buffered = buffered.slice(nl + 1)
        const message = JSON.parse(line) as { port?: number; bootMs?: number; gc?: true }
        if (message.gc) gcWaiters.shift()?.()
        if (ready || message.port === undefined) continue
        ready = true
        clearTimeout(timer)
        child.removeAllListeners("exit")
        const pid = child.pid!
        resolve({
          name,
          pid,
          port: message.port,
          bootMs: message.bootMs!,
          rss: () => rssOf(pid),
          cpuSeconds: () => cpuSecondsOf(pid),
          collectGarbage: () =>
            new Promise((done) => {
              gcWaiters.push(done)
              child.kill("SIGUSR2")
            }),
          stop: () => stopProcess(child),
        })
      }
    })
  })
}

function rssOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))
  return match ? Number(match[1]) * 1024 : Number.NaN
}

let clockTicks: number | undefined

/** utime + stime from /proc/<pid>/stat (fields 14 and 15, after the parenthesised command name). */
function cpuSecondsOf(pid: number): number {
  clockTicks ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
  return (Number(fields[11]) + Number(fields[12])) / clockTicks
}

/** The benchmark's processes read commands on stdin: close it, then stop them as the tests do. */
function stopProcess(child: ChildProcess): Promise<void> {
  child.stdin?.end()
  return stopChild(child)
}

export interface LoadGenerator {
  run(job: LoadJob): Promise<LoadResult>
  stop(): Promise<void>
}

/** The autocannon process; it inherits the orchestrator's core (taskset'd to 0 by run.mjs). */
export function startLoadGenerator(): LoadGenerator {
  const child = fork(join(__dirname, "load.js"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] })
  return {
    run(job) {
      const limit = ((job.duration ?? 600) + 60) * 1000
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`load job on ${job.url} took longer than ${limit} ms`)), limit)
        child.once("message", (message: { result?: LoadResult; error?: string }) => {
          clearTimeout(timer)
          if (message.result) resolve(message.result)
          else reject(new Error(message.error))
        })
        child.send(job)
      })
    },
    stop: () => stopProcess(child),
  }
}
