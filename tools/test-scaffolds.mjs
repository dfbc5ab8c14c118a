// `npm run test:scaffolds` (CI only: slow, and it needs the npm registry). Generates fresh projects with
// the Nest CLI — Nest 11 (CommonJS, Jest) and Nest 12 (ESM, Vitest) — installs the packed library into
// each, follows README.md's "Add to an existing Nest app" section literally (its code blocks are applied
// where their first line says), then runs the project's own build, starts its app, probes the auth
// routes and the guarded one over HTTP, and runs the project's own e2e test, unchanged config and all.
// The Nest 11 run is also the proof that the CommonJS build loads under Jest on this Node. A third
// project (Nest 11, Jest) then also follows the "Express or Fastify" steps of docs/fits-your-nest-app.md and runs on Fastify.
// SCAFFOLDS_ONLY=11, 12 or 11-fastify (or a comma-separated list) runs only those.
import { spawn } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { applyBlock, check, fastifySteps, readmeSteps } from "./scaffold-readme.mjs"

const root = fileURLToPath(new URL("..", import.meta.url))
const only = process.env.SCAFFOLDS_ONLY?.split(",").map((id) => id.trim())
const SCAFFOLDS = [
  { id: "11", cli: "11", nest: 11, runner: "jest", platform: "express" },
  // 12.0.13: later CLIs (12.0.15, November 2026) put @nestjs/observe's ObserveModule in the new app's imports,
  // which calls observe.nestjs.com; the README's steps are about a plain `nest new` app.
  { id: "12", cli: "12.0.13", nest: 12, runner: "vitest", platform: "express" },
  { id: "11-fastify", cli: "11", nest: 11, runner: "jest", platform: "fastify" },
].filter(({ id }) => !only || only.includes(id))
const MINUTE = 60_000

const work = mkdtempSync(join(tmpdir(), "nestjs-authjs-scaffolds-"))
const results = []
const started = performance.now()
try {
  check(SCAFFOLDS.length > 0, `SCAFFOLDS_ONLY=${process.env.SCAFFOLDS_ONLY} names no scaffold (11, 12, 11-fastify)`)
  const steps = { ...readmeSteps(root), fastify: fastifySteps(root) }
  const tarball = await timed("pack", async () => {
    await run("npm", ["run", "build", "--silent"], root, 5 * MINUTE)
    const out = await run("npm", ["pack", "--json", "--pack-destination", work, "--loglevel=error"], root, 2 * MINUTE)
    return join(work, JSON.parse(out)[0].filename)
  })
  for (const scaffold of SCAFFOLDS) results.push(await runScaffold(scaffold, steps, tarball.value))
} finally {
  // SCAFFOLDS_KEEP=1 leaves the projects in place for a look.
  if (process.env.SCAFFOLDS_KEEP) console.log(`scaffolds: kept ${work}`)
  else rmSync(work, { recursive: true, force: true })
}

const passed = results.filter((r) => r.ok).length
console.log(`scaffolds: total ${seconds(performance.now() - started)}`)
console.log(`${passed} passed, ${results.length - passed} failed`)
process.exitCode = passed > 0 && passed === results.length && results.length === SCAFFOLDS.length ? 0 : 1

/** One Nest CLI project from `nest new` to its own e2e test; never throws. */
async function runScaffold({ id, cli, nest, runner, platform }, steps, tarball) {
  const name = `nest${id}-app`
  const title = `scaffold ${id} (Nest ${nest}, ${runner}, ${platform})`
  const dir = join(work, name)
  const timings = []
  const step = async (label, body) => {
    const { value, ms } = await timed(label, body)
    timings.push(`${label} ${seconds(ms)}`)
    return value
  }
  try {
    await step("nest new", () =>
      run("npx", ["-y", `@nestjs/cli@${cli}`, "new", name, "--skip-git", "--skip-install", "--package-manager", "npm"], work, 4 * MINUTE),
    )
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))
    check(manifest.dependencies["@nestjs/core"].startsWith(`^${nest}.`), `nest new made a Nest ${manifest.dependencies["@nestjs/core"]} project`)
    check(JSON.stringify(manifest.devDependencies).includes(`"${runner}"`), `the project does not test with ${runner}`)

    // README step 1 for this Nest major, with the packed tarball in place of the registry's nestjs-authjs.
    const [npm, verb, ours, ...others] = steps.install[String(nest)].split(" ")
    check(npm === "npm" && verb === "install" && ours === "nestjs-authjs", `README's install step is ${steps.install[String(nest)]}`)
    const install = ["install", "--no-audit", "--no-fund", "--loglevel=error", tarball, ...others]
    await step("npm install", () => run("npm", install, dir, 6 * MINUTE))
    // README step 2: the .env file at the project root.
    writeFileSync(join(dir, ".env"), steps.dotenvFile)
    // README steps 3 to 5.
    for (const block of steps.code) applyBlock(dir, block)
    if (platform === "fastify") {
      // README's "Express or Fastify" steps, the install from the registry as a reader's would be.
      const [command, ...args] = steps.fastify.install
      await step("npm install @nestjs/platform-fastify", () => run(command, [...args, "--no-audit", "--no-fund", "--loglevel=error"], dir, 6 * MINUTE))
      for (const block of steps.fastify.code) applyBlock(dir, block)
    }

    // Nothing of ours in the environment: the app and its e2e test must find AUTH_* in .env, as README says.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AUTH_")))
    env.NODE_ENV = ""
    delete env.NODE_OPTIONS
    await step("build", () => run("npm", ["run", "build"], dir, 4 * MINUTE, env))
    await step("app", () => probeApp(dir, manifest, env, platform))
    const output = await step("e2e", () => run("npm", ["run", "test:e2e"], dir, 4 * MINUTE, { ...env, CI: "true" }))
    const summary = runner === "jest" ? /Tests:\s+2 passed, 2 total/ : /Tests\s+2 passed \(2\)/
    check(summary.test(stripAnsi(output)), `the ${runner} e2e run did not report 2 passed tests:\n${output}`)
    console.log(`${title}: ok — ${timings.join(", ")}`)
    return { ok: true }
  } catch (error) {
    console.error(`${title}: FAILED after ${timings.join(", ") || "no step"}\n${error.message}`)
    return { ok: false }
  }
}

/** Starts the built app as its `start:prod` script would, probes it over HTTP, stops it. */
async function probeApp(dir, manifest, env, platform) {
  const entry = /^node (\S+)$/.exec(manifest.scripts["start:prod"] ?? "")?.[1]
  check(entry, `unexpected start:prod script: ${manifest.scripts["start:prod"]}`)
  const port = await freePort()
  const app = spawn(process.execPath, [entry], { cwd: dir, env: { ...env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] })
  let output = ""
  app.stdout.on("data", (chunk) => (output += chunk))
  app.stderr.on("data", (chunk) => (output += chunk))
  const url = `http://127.0.0.1:${port}`
  try {
    await waitFor(url, app, () => output)
    const home = await fetchText(`${url}/`)
    check(home.status === 200 && home.body === "Hello World!", `GET / answered ${home.status} ${home.body}`)
    if (platform === "fastify") {
      // Nest 11 on Express answers this with `X-Powered-By: Express` and types the string as HTML; Fastify does neither.
      const fastify = home.poweredBy === null && home.type.startsWith("text/plain")
      check(fastify, `GET / was not served by Fastify: X-Powered-By ${home.poweredBy}, Content-Type ${home.type}`)
    }
    const profile = await fetchText(`${url}/profile`, { headers: { accept: "application/json" } })
    check(profile.status === 401, `GET /profile without a session answered ${profile.status}`)
    const browser = await fetchText(`${url}/profile`, { headers: { accept: "text/html" } })
    check(browser.status === 302 && browser.location.startsWith(`${url}/auth/signin?callbackUrl=`), `a browser on /profile got ${browser.status} ${browser.location}`)
    const providers = JSON.parse((await fetchText(`${url}/auth/providers`)).body)
    check(providers.github?.callbackUrl === `${url}/auth/callback/github`, `GET /auth/providers: ${JSON.stringify(providers)}`)
    const csrf = await fetchText(`${url}/auth/csrf`)
    const { csrfToken } = JSON.parse(csrf.body)
    const signIn = await fetchText(`${url}/auth/signin/github`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrf.cookies },
      body: new URLSearchParams({ csrfToken }).toString(),
    })
    const to = new URL(signIn.location || "http://invalid")
    check(signIn.status === 302 && to.origin + to.pathname === "https://github.com/login/oauth/authorize", `POST /auth/signin/github: ${signIn.status} ${signIn.location}`)
    check(to.searchParams.get("redirect_uri") === `${url}/auth/callback/github`, `redirect_uri ${to.searchParams.get("redirect_uri")}`)
  } catch (error) {
    throw new Error(`${error.message}\napp output:\n${output}`)
  } finally {
    await stop(app)
  }
}

async function waitFor(url, app, output) {
  const deadline = Date.now() + MINUTE
  while (Date.now() < deadline) {
    if (app.exitCode !== null) throw new Error(`the app exited with ${app.exitCode}:\n${output()}`)
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) })
      return
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
  throw new Error(`the app did not answer on ${url} within a minute`)
}

async function fetchText(url, init = {}) {
  const response = await fetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(10_000) })
  const cookies = response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ")
  const { headers } = response
  return { status: response.status, body: await response.text(), location: headers.get("location") ?? "", cookies, poweredBy: headers.get("x-powered-by"), type: headers.get("content-type") ?? "" }
}

function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000)
    child.once("exit", () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill("SIGTERM")
  })
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
    server.on("error", reject)
  })
}

/** Runs a command to completion within `timeout` ms; resolves to its stdout+stderr, rejects with them. */
function run(command, args, cwd, timeout, env = process.env) {
  return new Promise((resolve, reject) => {
    // Its own process group, so a timeout ends npm/npx and everything they started.
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true })
    let output = ""
    child.stdout.on("data", (chunk) => (output += chunk))
    child.stderr.on("data", (chunk) => (output += chunk))
    const timer = setTimeout(() => {
      output += `\n[timed out after ${timeout / 1000} s]`
      process.kill(-child.pid, "SIGKILL")
    }, timeout)
    child.on("error", reject)
    child.on("close", (code) => {
      clearTimeout(timer)
      if (code === 0) resolve(output)
      else reject(new Error(`${command} ${args.join(" ")} failed (${code}) in ${cwd}:\n${output.slice(-6_000)}`))
    })
  })
}

async function timed(label, body) {
  const start = performance.now()
  const value = await body()
  return { label, value, ms: performance.now() - start }
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`
}

function stripAnsi(text) {
  return text.replace(/\x1b\[[0-9;]*m/g, "")
}
