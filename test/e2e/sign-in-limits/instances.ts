// Starts limits-instance.ts as its own Node process and collects what it prints.
import type { ChildProcess } from "node:child_process"
import { fileURLToPath } from "node:url"
import { startAppProcess } from "../../utils/app-process.js"

export interface Instance {
  url: string
  child: ChildProcess
  /** The JSON lines printed after start-up ({"warn", "metadata"}). */
  lines: Array<Record<string, unknown>>
}

export async function startInstance(port: number, env: Record<string, string>): Promise<Instance> {
  const { child, lines } = await startAppProcess(fileURLToPath(new URL("./limits-instance.ts", import.meta.url)), port, env)
  return { url: `http://127.0.0.1:${port}`, child, lines }
}
