// The app processes of the cluster test: cluster-app.ts, each its own Node process on a fixed port
// (nginx's upstreams), restartable with other settings (a secret rotation, another strategy).
import { spawn, type ChildProcess } from "node:child_process"
import { fileURLToPath } from "node:url"
import { stopChild } from "./servers.js"

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url))
const START_TIMEOUT_MS = 60_000

export interface AppProcess {
  port: number
  child: ChildProcess
  /** The JSON lines it printed ({"warn": code}, {"error": name}). */
  lines: Array<Record<string, unknown>>
}

export function startApp(port: number, env: Record<string, string>): Promise<AppProcess> {
  const child = spawn(process.execPath, ["--import", here("../e2e/multi-instance/register-ts.mjs"), here("./cluster-app.ts")], {
    cwd: here("."),
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
        try {
          const parsed = JSON.parse(line) as Record<string, unknown>
          if ("port" in parsed) {
            clearTimeout(timer)
            child.removeAllListeners("exit")
            resolve(app)
          } else app.lines.push(parsed)
        } catch {
          // not one of ours
        }
      }
    })
  })
}

export const stopApp = (app: AppProcess | undefined) => (app ? stopChild(app.child) : Promise.resolve())

/** The warnings an app logged with this code. */
export const warnings = (app: AppProcess, code: string) => app.lines.filter((line) => line.warn === code).length
