// A test app as its own Node process (TypeScript run through the multi-instance loader), ready once it
// prints {"port": …}; every other JSON line it prints is collected. Used by the suites that need
// several instances: test/cluster, test/e2e/sign-in-limits, test/e2e/multi-instance and
// test/e2e/server-sessions.
import { spawn, type ChildProcess } from "node:child_process"
import { dirname } from "node:path"
import { fileURLToPath } from "node:url"

const START_TIMEOUT_MS = 60_000
const REGISTER_TS = fileURLToPath(new URL("../e2e/multi-instance/register-ts.mjs", import.meta.url))

export interface AppProcess {
  port: number
  child: ChildProcess
  /** The JSON lines printed after start-up ({"warn": code, …}, {"error": name}). */
  lines: Array<Record<string, unknown>>
}

/** Starts `entry` (an absolute path) on `port` with `env` added; rejects with its stderr if it never listens. */
export function startAppProcess(entry: string, port: number, env: Record<string, string>): Promise<AppProcess> {
  const child = spawn(process.execPath, ["--import", REGISTER_TS, entry], {
    cwd: dirname(entry),
    env: { ...process.env, PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  })
  const app: AppProcess = { port, child, lines: [] }
  let stderr = ""
  let buffered = ""
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)))
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer)
      child.kill("SIGKILL")
      reject(new Error(`app on port ${port} ${why}\n${stderr}`))
    }
    const timer = setTimeout(() => fail(`did not start within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS)
    child.once("exit", (code) => fail(`exited with ${code}`))
    child.stdout!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString()
      let newline: number
      while ((newline = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, newline)
        buffered = buffered.slice(newline + 1)
        let parsed: Record<string, unknown>
        try {
          parsed = JSON.parse(line) as Record<string, unknown>
        } catch {
          continue // not one of ours
        }
        if ("port" in parsed) {
          clearTimeout(timer)
          child.removeAllListeners("exit")
          resolve(app)
        } else app.lines.push(parsed)
      }
    })
  })
}
