import { spawn, type ChildProcess } from "node:child_process"
import { createHash } from "node:crypto"
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { join, relative } from "node:path"
import { fileURLToPath } from "node:url"

/*
 * Installs, builds and runs the Next.js fixture apps of test/companion (next-v4, next-v5): `npm ci`
 * in the app's own folder (never the library's node_modules), `next build`, then `next start` on
 * 127.0.0.1. Every step has a deadline; a server is stopped by its process group's id.
 */

const INSTALL_TIMEOUT_MS = 5 * 60_000
const BUILD_TIMEOUT_MS = 8 * 60_000
const START_TIMEOUT_MS = 60_000

/** The folder of a fixture app, e.g. `appDir("next-v4")`. */
export function appDir(name: "next-v4" | "next-v5"): string {
  return fileURLToPath(new URL(`./${name}/`, import.meta.url))
}

/** Milliseconds each preparation step took; 0 for a step that was up to date. */
export interface Preparation {
  installMs: number
  buildMs: number
}

/**
 * `npm ci` and `next build` in `dir`. Under CI both always run; on a developer machine a step is
 * skipped when its inputs (the lockfile; the app's sources) have not changed since it last ran.
 */
export async function prepareNextApp(dir: string): Promise<Preparation> {
  const always = Boolean(process.env.CI)
  const installStamp = join(dir, "node_modules", ".companion-install")
  const lockHash = hashFiles(dir, ["package-lock.json"])
  let installMs = 0
  if (always || readStamp(installStamp) !== lockHash) {
    installMs = await timed(() => run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], dir, INSTALL_TIMEOUT_MS))
    writeFileSync(installStamp, lockHash)
  }
  const buildStamp = join(dir, ".next", "companion-build")
  const sourceHash = hashFiles(dir, sourceFiles(dir))
  let buildMs = 0
  if (always || installMs > 0 || readStamp(buildStamp) !== sourceHash) {
    buildMs = await timed(() => run(process.execPath, [nextBin(dir), "build"], dir, BUILD_TIMEOUT_MS))
    writeFileSync(buildStamp, sourceHash)
  }
  return { installMs, buildMs }
}

export interface RunningNextApp {
  /** `http://127.0.0.1:<port>` */
  url: string
  /** What the server printed so far (for failure messages). */
  output: () => string
  stop: () => Promise<void>
}

/** `next start` on 127.0.0.1:`port` with `env` added; resolves once the auth routes answer. */
export async function startNextApp(dir: string, port: number, env: Record<string, string>): Promise<RunningNextApp> {
  const child = spawn(process.execPath, [nextBin(dir), "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: dir,
    env: { ...baseEnv(), NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so stopping it also stops anything it forked
  })
  let output = ""
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk))
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk))
  const url = `http://127.0.0.1:${port}`
  const app = { url, output: () => output, stop: () => stopGroup(child) }
  const deadline = Date.now() + START_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break
    try {
      const response = await fetch(`${url}/api/auth/csrf`, { signal: AbortSignal.timeout(5_000) })
      if (response.ok) return app
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  await app.stop()
  throw new Error(`next start in ${dir} did not answer within ${START_TIMEOUT_MS} ms (exit code ${child.exitCode})\n${output}`)
}

/**
 * The test process's environment without what would change the apps' behaviour: their auth settings
 * come only from `startNextApp`'s `env`, and no loader of the test runner reaches them.
 */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(AUTH_|NEXTAUTH_|VITEST|NODE_OPTIONS$|NODE_ENV$|API_URL$)/.test(name)) continue
    env[name] = value
  }
  env.NEXT_TELEMETRY_DISABLED = "1"
  return env
}

function nextBin(dir: string): string {
  return join(dir, "node_modules", "next", "dist", "bin", "next")
}

/** The files a build depends on: everything in the app folder but its dependencies and outputs. */
function sourceFiles(dir: string): string[] {
  const files: string[] = []
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder)) {
      if (entry === "node_modules" || entry === ".next") continue
      const path = join(folder, entry)
      if (statSync(path).isDirectory()) walk(path)
      else files.push(relative(dir, path))
    }
  }
  walk(dir)
  return files.sort()
}

function hashFiles(dir: string, files: string[]): string {
  const hash = createHash("sha256")
  for (const file of files) hash.update(file).update("\0").update(readFileSync(join(dir, file))).update("\0")
  return hash.digest("hex")
}

function readStamp(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, "utf8") : undefined
}

async function timed(step: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await step()
  return Math.round(performance.now() - started)
}

/** Runs a command to completion within `timeoutMs`; rejects with its output when it fails. */
function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: baseEnv(), stdio: ["ignore", "pipe", "pipe"], detached: true })
    let output = ""
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk))
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk))
    const timer = setTimeout(() => {
      void stopGroup(child)
      reject(new Error(`${command} ${args.join(" ")} in ${cwd} took longer than ${timeoutMs} ms\n${output}`))
    }, timeoutMs)
    child.once("error", (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.once("exit", (code, signal) => {
      clearTimeout(timer)
      if (code === 0) resolve()
      else reject(new Error(`${command} ${args.join(" ")} in ${cwd} failed (${code ?? signal})\n${output}`))
    })
  })
}

/** SIGTERM to the child's process group, SIGKILL after 5 s; resolves once the child has exited. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name)
    } catch {
      // already gone
    }
  }
  signal("SIGTERM")
  const timer = setTimeout(() => signal("SIGKILL"), 5_000)
  await exited
  clearTimeout(timer)
}
