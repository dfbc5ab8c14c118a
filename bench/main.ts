// `npm run bench`: the orchestrator (see bench/run.mjs, which compiles and pins it).
import { spawn } from "node:child_process"
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { SignJWT } from "jose"
import { BENCH_SECRET, benchUser, browserCookieHeader, sessionJwt } from "./fixtures.js"
import { runHttp } from "./http.js"
import { summariseProfile } from "./profile.js"
import { machine, versions } from "./machine.js"
import { runRss } from "./memory.js"
import type { MicroResult } from "./micro.js"
import { pinned, SERVER_CORE, startLoadGenerator, startServer } from "./processes.js"
import type { RunningServer } from "./processes.js"
import { startBehindNginx } from "./nginx.js"
import { startBenchDatabase } from "./postgres.js"
import type { BenchDatabase } from "./postgres.js"
import { writeReport } from "./report.js"
import { SERVERS, scenarios } from "./scenarios.js"
import { runStartup } from "./startup.js"

const root = join(__dirname, "..", "..")
const resultsDir = join(root, "bench", "results")
const args = process.argv.slice(2)
const quick = args.includes("--quick")
const only = args.find((a) => a.startsWith("--only="))?.slice(7).split(",")
/**
 * `--targets`: only the rows the issue sets targets for, with their baseline, in many short rounds.
 * With four routes a round lasts a few seconds, so each ratio compares routes measured moments
 * apart; on a machine whose speed drifts over seconds that is the sharper measurement.
 */
const targetsRun = args.includes("--targets")
const phases = args.some((a) => a.startsWith("--profile=")) ? ["profile"] : targetsRun ? ["http"] : (only ?? ["http", "micro", "rss", "startup"])
const profileTarget = args.find((a) => a.startsWith("--profile="))?.slice(10)
const rssRequests = Number(args.find((a) => a.startsWith("--rss-requests="))?.slice(15) ?? (quick ? 100_000 : 1_000_000))

function numberArg(name: string): number | undefined {
  const value = args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
  return value === undefined ? undefined : Math.max(1, Number(value) || 1)
}

/** No run may take longer than this; everything is killed after it. */
const DEADLINE_MS = 25 * 60 * 1000
const CONNECTIONS = 32

// Module-level so the deadline can stop PostgreSQL (servers and the load generator die with us).
let database: BenchDatabase | undefined

const log = (line: string) => process.stderr.write(`bench: ${line}\n`)

// The machine as each phase found it: read before the phase starts its own processes, whose load
// (a busy server and a busy load generator) would otherwise show up in the figure.
let before = machine()
const phaseStarts = () => (before = machine())

function save(name: string, data: unknown): void {
  mkdirSync(resultsDir, { recursive: true })
  const meta = { machine: before, versions: versions(), quick }
  writeFileSync(join(resultsDir, `${name}.json`), `${JSON.stringify({ meta, ...(data as object) }, null, 2)}\n`)
  log(`wrote bench/results/${name}.json`)
}

function runMicro(): Promise<MicroResult[]> {
  const file = join(__dirname, "micro.js")
  const node = [process.execPath, file]
  const [command, ...rest] = pinned ? ["/usr/bin/taskset", "-c", String(SERVER_CORE), ...node] : node
  const env = { ...process.env, ...(quick ? { BENCH_MICRO_ROUNDS: "2", BENCH_MICRO_ROUND_MS: "500" } : {}) }
  return new Promise((resolve, reject) => {
    const child = spawn(command!, rest, { stdio: ["ignore", "pipe", "inherit"], env })
    let out = ""
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()))
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out) as MicroResult[]) : reject(new Error(`micro exited with ${code}`))))
  })
}

async function main(): Promise<void> {
  const started = Date.now()
  log(`phases ${phases.join(", ")}; ${machine().pinning}; load average ${machine().loadAverage.join(" ")}`)
  const token = await sessionJwt()
  const jwtCookie = browserCookieHeader(token)
  const bearer = await new SignJWT({ name: benchUser.name, email: benchUser.email, sub: "bench-user-1" })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt()
    .setExpirationTime("1d")
    .sign(new TextEncoder().encode(BENCH_SECRET))

  const load = startLoadGenerator()
  const servers = new Map<string, RunningServer>()
  try {
    if (phases.includes("http")) {
      phaseStarts()
      const all = scenarios({ jwtCookie, databaseCookie: "", bearer })
      const wanted = targetsRun
        ? all.filter((s) => s.target !== undefined).map((s) => s.id)
        : args.find((a) => a.startsWith("--scenarios="))?.slice(12).split(",")
      const needed = (id: string) => !wanted || wanted.includes(id)
      // Baselines always run: every ratio is taken against a route measured in the same round.
      const picked = all.filter((s) => needed(s.id) || all.some((o) => needed(o.id) && o.baseline === s.id))
      if (picked.some((s) => s.server.startsWith("nest-database"))) {
        database = await startBenchDatabase()
        log("PostgreSQL ready")
      }
      const env: Record<string, string> = database ? { BENCH_PG_URL: database.url } : {}
      for (const name of SERVERS.filter((n) => picked.some((s) => s.server === n))) {
        servers.set(name, name.startsWith("nginx-") ? await startBehindNginx(Number(name.slice(6)), env) : await startServer(name, env))
      }
      const databaseCookie = `authjs.session-token=${database?.sessionToken ?? ""}`
      const list = scenarios({ jwtCookie, databaseCookie, bearer }).filter((s) => picked.some((p) => p.id === s.id))
      const defaults = quick
        ? { connections: CONNECTIONS, warmupSeconds: 1, rounds: 2, roundSeconds: 2 }
        : targetsRun
          ? { connections: CONNECTIONS, warmupSeconds: 3, rounds: 40, roundSeconds: 1 }
          : { connections: CONNECTIONS, warmupSeconds: 3, rounds: 5, roundSeconds: 4 }
      // More, shorter rounds even out a noisy machine: every route sees the same disturbances.
      const options = { ...defaults, rounds: numberArg("rounds") ?? defaults.rounds, roundSeconds: numberArg("round-seconds") ?? defaults.roundSeconds }
      const results = await runHttp(list, servers, load, options, log)
      // --save-as: a partial run (some --scenarios) kept beside the full table instead of replacing it.
      save(args.find((a) => a.startsWith("--save-as="))?.slice(10) ?? (targetsRun ? "http-targets" : "http"), { options, scenarios: results })
      for (const server of servers.values()) await server.stop()
      servers.clear()
      await database?.stop()
      database = undefined
    }
    if (profileTarget) {
      if (profileTarget.startsWith("nest-database")) database = await startBenchDatabase()
      const databaseCookie = `authjs.session-token=${database?.sessionToken ?? ""}`
      const scenario = scenarios({ jwtCookie, databaseCookie, bearer }).find((s) => s.id === profileTarget)
      if (!scenario) throw new Error(`--profile: unknown scenario ${profileTarget}`)
      const dir = join(resultsDir, "profiles")
      const env: Record<string, string> = database ? { BENCH_PG_URL: database.url } : {}
      const server = await startServer(scenario.server, env, ["--cpu-prof", `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${scenario.id}.cpuprofile`])
      servers.set("profile", server)
      const job = { url: `http://127.0.0.1:${server.port}${scenario.path}`, headers: scenario.headers, connections: CONNECTIONS }
      await load.run({ ...job, duration: 3 })
      const seconds = quick ? 3 : 10
      const result = await load.run({ ...job, duration: seconds })
      await server.stop()
      servers.clear()
      // Only the samples of the measured run, give or take its first and last half second.
      const window = { from: (seconds - 0.5) * 1000, to: 500 }
      const requests = result.rps * (seconds - 1)
      const summary = summariseProfile(join(dir, `${scenario.id}.cpuprofile`), 40, window)
      log(`${scenario.id}: ${result.rps.toFixed(0)} req/s while profiling; self time by area:`)
      const perRequest = (ms: number) => `${((ms * 1000) / requests).toFixed(1).padStart(6)} µs/req`
      for (const a of summary.byArea.slice(0, 16)) log(`  ${(a.share * 100).toFixed(1).padStart(5)}% ${perRequest(a.ms)}  ${a.area}`)
      log("top functions by self time:")
      for (const f of summary.top) log(`  ${(f.share * 100).toFixed(1).padStart(5)}% ${perRequest(f.ms)}  ${f.fn}`)
      return
    }
    if (phases.includes("micro")) {
      phaseStarts()
      save("micro", { cases: await runMicro() })
    }
    if (phases.includes("rss")) {
      phaseStarts()
      const server = await startServer("nest-authjs", {}, ["--expose-gc"])
      servers.set("rss", server)
      const rss = await runRss(server, load, { path: "/guarded", headers: { cookie: jwtCookie }, connections: CONNECTIONS }, rssRequests, 10, log)
      save("rss", rss)
      await server.stop()
      servers.clear()
    }
    if (phases.includes("startup")) {
      phaseStarts()
      save("startup", await runStartup(quick ? 3 : 15, log))
    }
  } finally {
    for (const server of servers.values()) await server.stop()
    await database?.stop()
    await load.stop()
  }
  writeReport(resultsDir, join(root, "BENCHMARKS.md"), log)
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`)
}

setTimeout(() => {
  log(`deadline of ${DEADLINE_MS / 60000} min passed; giving up`)
  const stopped = database?.stop() ?? Promise.resolve()
  void Promise.race([stopped, new Promise((r) => setTimeout(r, 5_000))]).finally(() => process.exit(2))
}, DEADLINE_MS).unref()

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
