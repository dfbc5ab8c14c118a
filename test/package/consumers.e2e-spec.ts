// The published package in real apps: the library is built and packed once, the tarball is installed
// into a copy of each consumer fixture (Nest 11 CommonJS, Nest 12 ESM), the fixture is compiled with
// its own tsc and started as a plain `node dist/main.js` (no loader flags), and a browser-like client
// signs in over HTTP.
import { execFile, spawn } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import { randomBytes } from "node:crypto"
import { cpSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { basename, join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const ROOT = fileURLToPath(new URL("../..", import.meta.url))
const SECRET = randomBytes(32).toString("base64url")
const COMMAND_TIMEOUT_MS = 240_000
const BOOT_TIMEOUT_MS = 30_000
const REQUEST_TIMEOUT_MS = 10_000

let workDir = ""
let tarball = ""

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), "nestjs-authjs-consumers-"))
  await run("npm", ["run", "build", "--silent"], ROOT)
  const packed = await run("npm", ["pack", "--json", "--pack-destination", workDir, "--loglevel=error"], ROOT)
  tarball = join(workDir, (JSON.parse(packed) as Array<{ filename: string }>)[0]!.filename)
}, COMMAND_TIMEOUT_MS)

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true })
})

describe.each([
  { fixture: "consumer-cjs", flavour: "Nest 11, CommonJS" },
  { fixture: "consumer-esm", flavour: "Nest 12, ESM" },
])("the packed package in $fixture ($flavour)", ({ fixture }) => {
  let app: RunningApp | undefined

  beforeAll(async () => {
    const dir = join(workDir, fixture)
    cpSync(join(ROOT, "test/fixtures", fixture), dir, {
      recursive: true,
      filter: (source) => !["node_modules", "dist"].includes(basename(source)),
    })
    const timings: string[] = []
    const timed = async (label: string, step: () => Promise<unknown>) => {
      const started = performance.now()
      await step()
      timings.push(`${label} ${((performance.now() - started) / 1000).toFixed(1)} s`)
    }
    const npmInstall = ["install", "--no-save", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"]
    await timed("install", () => run("npm", [...npmInstall, tarball], dir))
    await timed("tsc", () => run(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.json"], dir))
    await timed("boot", async () => (app = await startApp(dir)))
    console.info(`${fixture}: ${timings.join(", ")}`)
  }, COMMAND_TIMEOUT_MS)

  afterAll(async () => {
    await app?.stop()
  })

  it("signs in with credentials, and the guarded route returns the session's user", async () => {
    const { url } = app!
    const csrf = await get(`${url}/auth/csrf`)
    expect(csrf.status).toBe(200)
    const { csrfToken } = (await csrf.json()) as { csrfToken: string }
    expect(csrfToken).toMatch(/^[0-9a-f]{64}$/)

    const signIn = await postCredentials(url, csrfToken, cookieHeader(csrf), "demo-password")
    expect(signIn.status).toBe(302)
    expect(signIn.headers.get("location")).toBe(`${url}/profile`)
    // A JWE with the `dir` algorithm: its encrypted-key part is empty.
    const session = sessionCookie(signIn)
    expect(session).toMatch(/^authjs\.session-token=[\w-]+\.\.[\w-]+\.[\w-]+\.[\w-]+$/)

    const profile = await get(`${url}/profile`, session!)
    expect(profile.status).toBe(200)
    expect(await profile.json()).toMatchObject({ user: { name: "Demo User", email: "demo@example.com" } })
  })

  it("refuses a wrong password without setting a session cookie", async () => {
    const { url } = app!
    const csrf = await get(`${url}/auth/csrf`)
    const { csrfToken } = (await csrf.json()) as { csrfToken: string }
    const signIn = await postCredentials(url, csrfToken, cookieHeader(csrf), "wrong-password")
    expect(signIn.status).toBe(302)
    expect(signIn.headers.get("location")).toContain("error=CredentialsSignin")
    expect(sessionCookie(signIn)).toBeUndefined()
  })

  it("answers 401 on the guarded route without a session or with a forged one", async () => {
    const { url } = app!
    expect((await get(`${url}/profile`)).status).toBe(401)
    expect((await get(`${url}/profile`, "authjs.session-token=not-a-token")).status).toBe(401)
  })

  it("loads without a Node warning (ExperimentalWarning for require(esm), DeprecationWarning...)", () => {
    // stderr also carries the app's own error log (the forged cookie above is logged as JWTSessionError).
    expect(app!.stderr()).not.toMatch(/\(node:\d+\) (\[\w+\] )?\w*Warning/)
  })
})

interface RunningApp {
  url: string
  stderr: () => string
  stop: () => Promise<void>
}

/** Starts `node dist/main.js` in `dir` and waits for the line with the URL it listens on. */
async function startApp(dir: string): Promise<RunningApp> {
  const env: NodeJS.ProcessEnv = { ...process.env, AUTH_SECRET: SECRET }
  delete env.NODE_OPTIONS // plain Node: no loader or flag may be what makes the package load
  const child = spawn(process.execPath, ["dist/main.js"], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] })
  let stdout = ""
  let stderr = ""
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk))
  const stop = () => stopChild(child)

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not print its URL within ${BOOT_TIMEOUT_MS} ms`), BOOT_TIMEOUT_MS)
    const onData = () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)
      if (match) {
        clearTimeout(timer)
        child.off("exit", onExit)
        resolve(match[1]!)
      }
    }
    const onExit = (code: number | null) => fail(`exited with ${code}`)
    function fail(why: string) {
      clearTimeout(timer)
      child.stdout.off("data", onData)
      void stop().then(() => reject(new Error(`${basename(dir)} ${why}\nstdout:\n${stdout}\nstderr:\n${stderr}`)))
    }
    child.stdout.on("data", onData)
    child.once("exit", onExit)
  })
  return { url, stderr: () => stderr, stop }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
  child.kill("SIGTERM")
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000)
  await exited
  clearTimeout(timer)
}

function get(url: string, cookie?: string): Promise<Response> {
  return fetch(url, {
    headers: cookie ? { cookie } : {},
    redirect: "manual",
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  })
}

function postCredentials(url: string, csrfToken: string, cookie: string, password: string): Promise<Response> {
  return fetch(`${url}/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ csrfToken, username: "demo", password, callbackUrl: `${url}/profile` }),
    redirect: "manual",
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  })
}

/** The `name=value` pairs a response sets, joined as a request's Cookie header. */
function cookieHeader(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0]!)
    .filter((pair) => !pair.endsWith("="))
    .join("; ")
}

function sessionCookie(response: Response): string | undefined {
  return cookieHeader(response)
    .split("; ")
    .find((pair) => pair.startsWith("authjs.session-token="))
}

/** Runs a command to completion; rejects with its output when it fails. */
function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, timeout: COMMAND_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(" ")} failed in ${cwd}: ${error.message}\n${stdout}\n${stderr}`))
      else resolve(stdout)
    })
  })
}
