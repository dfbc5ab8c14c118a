// The app processes of the cluster test: cluster-app.ts, each its own Node process on a fixed port
// (nginx's upstreams), restartable with other settings (a secret rotation, another strategy).
import { fileURLToPath } from "node:url"
import { startAppProcess, type AppProcess } from "../utils/app-process.js"
import { stopChild } from "../utils/stop-child.js"

export type { AppProcess }

export const startApp = (port: number, env: Record<string, string>): Promise<AppProcess> =>
  startAppProcess(fileURLToPath(new URL("./cluster-app.ts", import.meta.url)), port, env)

export const stopApp = (app: AppProcess | undefined) => (app ? stopChild(app.child) : Promise.resolve())

/** The warnings an app logged with this code. */
export const warnings = (app: AppProcess, code: string) => app.lines.filter((line) => line.warn === code).length
