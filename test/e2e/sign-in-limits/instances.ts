// Starts limits-instance.ts as its own Node process and collects what it prints.
import { spawn, type ChildProcess } from "node:child_process"
import { fileURLToPath } from "node:url"

const START_TIMEOUT_MS = 60_000
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url))

export interface Instance {
  url: string
  child: ChildProcess
  /** The JSON lines printed after start-up ({"warn", "metadata"}). */
  lines: Array<Record<string, unknown>>
}

export function startInstance(port: number, env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, ["--import", here("../multi-instance/register-ts.mjs"), here("./limits-instance.ts")], {
    cwd: here("."),
    env: { ...process.env, PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  })
  const lines: Array<Record<string, unknown>> = []
  let stderr = ""
  let buffered = ""
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)))
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer)
      child.kill("SIGKILL")
      reject(new Error(`instance on port ${port} ${why}\n${stderr}`))
    }
    const timer = setTimeout(() => fail(`did not start within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS)
    child.once("exit", (code) => fail(`exited with ${code}`))
    child.stdout!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString()
      const complete = buffered.split("\n")
      buffered = complete.pop()!
      for (const text of complete) {
        const line = JSON.parse(text) as Record<string, unknown>
        if ("port" in line) {
          clearTimeout(timer)
          child.removeAllListeners("exit")
          resolve({ url: `http://127.0.0.1:${port}`, child, lines })
        } else lines.push(line)
      }
    })
  })
}

/** SIGTERM, then SIGKILL if the process lingers. */
export function stopInstance(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000)
    child.once("exit", () => {
      clearTimeout(force)
      resolve()
    })
    child.kill("SIGTERM")
  })
}
