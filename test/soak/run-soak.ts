// `npm run soak`: sign-ins (credentials, and OIDC through oidc-provider) and guarded requests
// against one app process on 127.0.0.1 for SOAK_SECONDS (default 600), by SOAK_USERS virtual users
// (default 4). Reports requests served, errors (must be zero) and the server's RSS and open file
// descriptors at start (after a warm-up), middle and end (flat within 10%), and writes the report to
// docs/soak-report.md (SOAK_REPORT to change). Exits non-zero when a check fails. Not part of CI.
import { fork, type ChildProcess } from "node:child_process"
import { randomBytes } from "node:crypto"
import { cpus } from "node:os"
import { writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { CookieJar } from "../utils/cookie-jar.js"
import { freePort } from "../utils/free-port.js"
import { followAuthorization, startOidcIssuer } from "../utils/oidc/index.js"
import type { SoakSample } from "./soak-server.js"

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600)
const USERS = Number(process.env.SOAK_USERS ?? 4)
const REPORT = process.env.SOAK_REPORT ?? fileURLToPath(new URL("../../docs/soak-report.md", import.meta.url))
/** Samples are taken this often; "start" is the first one after the warm-up. */
const SAMPLE_EVERY_S = Math.max(5, Math.min(30, Math.floor(SECONDS / 10)))
const WARM_UP_S = Math.min(30, Math.floor(SECONDS / 10))
const PASSWORD = randomBytes(16).toString("hex")
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url))

interface Tally {
  requests: number
  errors: number
  credentialsSignIns: number
  oidcSignIns: number
  guarded: number
  refused: number
  firstErrors: string[]
}
const tally: Tally = { requests: 0, errors: 0, credentialsSignIns: 0, oidcSignIns: 0, guarded: 0, refused: 0, firstErrors: [] }

function fail(what: string): void {
  tally.errors += 1
  if (tally.firstErrors.length < 10) tally.firstErrors.push(what)
}

/** One request to the app; anything but `expected` counts as an error. */
async function call(jar: CookieJar, url: string, expected: number, init?: RequestInit): Promise<Response | undefined> {
  tally.requests += 1
  try {
    const res = await jar.fetch(url, init)
    if (res.status !== expected) fail(`${init?.method ?? "GET"} ${new URL(url).pathname}: ${res.status}, expected ${expected}`)
    else await res.arrayBuffer()
    return res
  } catch (error) {
    fail(`${init?.method ?? "GET"} ${new URL(url).pathname}: ${(error as Error).message}`)
    return undefined
  }
}

const form = (fields: Record<string, string>): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
})

async function csrfToken(jar: CookieJar, app: string): Promise<string | undefined> {
  tally.requests += 1
  try {
    return ((await (await jar.fetch(`${app}/auth/csrf`)).json()) as { csrfToken: string }).csrfToken
  } catch (error) {
    fail(`GET /auth/csrf: ${(error as Error).message}`)
    return undefined
  }
}

/** One visit: sign in (OIDC every tenth time), use the guarded routes, sign out, be refused. */
async function visit(app: string, n: number): Promise<void> {
  const jar = new CookieJar()
  const token = await csrfToken(jar, app)
  if (!token) return
  if (n % 10 === 0) {
    const start = await call(jar, `${app}/auth/signin/corp`, 302, form({ csrfToken: token, callbackUrl: `${app}/profile` }))
    if (!start) return
    try {
      const { callbackUrl } = await followAuthorization(start.headers.get("location")!)
      await call(jar, callbackUrl.href, 302)
      tally.oidcSignIns += 1
    } catch (error) {
      return fail(`OIDC sign-in at the IdP: ${(error as Error).message}`)
    }
  } else {
    await call(jar, `${app}/auth/callback/credentials`, 302, form({ csrfToken: token, email: "sec@example.com", password: PASSWORD }))
    tally.credentialsSignIns += 1
  }
  for (let i = 0; i < 20; i++) {
    const res = await call(jar, `${app}/profile`, 200)
    if (res?.status === 200) tally.guarded += 1
  }
  await call(jar, `${app}/auth/session`, 200)
  await call(jar, `${app}/public`, 200)
  await call(jar, `${app}/auth/signout`, 302, form({ csrfToken: token, callbackUrl: `${app}/public` }))
  for (const [url, init, status] of [
    [`${app}/profile`, {}, 401],
    [`${app}/profile`, { headers: { accept: "text/html" } }, 302],
  ] as const) {
    if ((await call(jar, url, status, init))?.status === status) tally.refused += 1
  }
}

function startServer(port: number, issuer: string): Promise<ChildProcess> {
  const child = fork(here("./soak-server.ts"), [], {
    execArgv: ["--expose-gc", "--import", here("../e2e/multi-instance/register-ts.mjs")],
    env: { ...process.env, PORT: String(port), OIDC_ISSUER: issuer, SOAK_PASSWORD: PASSWORD },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the soak server did not start within 60 s")), 60_000)
    child.once("exit", (code) => reject(new Error(`the soak server exited with ${code}`)))
    child.once("message", () => {
      clearTimeout(timer)
      child.removeAllListeners("exit")
      resolve(child)
    })
  })
}

function sample(server: ChildProcess): Promise<SoakSample> {
  return new Promise((resolve) => {
    server.once("message", (message) => resolve(message as SoakSample))
    server.send("sample")
  })
}

interface Point extends SoakSample {
  at: number
  requests: number
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1)
const pct = (from: number, to: number) => ((to - from) / from) * 100

async function main(): Promise<void> {
  const port = await freePort()
  const app = `http://127.0.0.1:${port}`
  const idp = await startOidcIssuer({
    clients: [{ client_id: "corp-app", client_secret: "corp-secret", redirect_uris: [`${app}/auth/callback/corp`] }],
  })
  const server = await startServer(port, idp.issuer)
  console.log(`soak: ${SECONDS} s, ${USERS} users, server pid ${server.pid} on ${app}; IdP ${idp.issuer}`)

  const started = performance.now()
  const elapsed = () => (performance.now() - started) / 1000
  let running = true
  let visits = 0
  // Samples are taken with the load paused between visits, so they measure what the server keeps,
  // not what the requests in flight happen to hold.
  let paused: Promise<void> | undefined
  let busy = 0
  const users = Array.from({ length: USERS }, async () => {
    while (running) {
      await paused
      busy += 1
      await visit(app, visits++)
      busy -= 1
    }
  })
  const quietly = async <T>(work: () => Promise<T>): Promise<T> => {
    let resume!: () => void
    paused = new Promise((resolve) => (resume = resolve))
    while (busy > 0) await new Promise((resolve) => setTimeout(resolve, 5))
    try {
      return await work()
    } finally {
      paused = undefined
      resume()
    }
  }

  const points: Point[] = []
  for (let next = WARM_UP_S; next <= SECONDS; next += SAMPLE_EVERY_S) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, (next - elapsed()) * 1000)))
    const point = { ...(await quietly(() => sample(server))), at: Math.round(elapsed()), requests: tally.requests }
    points.push(point)
    console.log(
      `soak: ${point.at} s, ${point.requests} requests, ${tally.errors} errors, RSS ${mb(point.rss)} MB (anon ${mb(point.rssAnon)}, file ${mb(point.rssFile)}), heap ${mb(point.heapUsed)}/${mb(point.heapTotal)} MB, external ${mb(point.external)} MB, ${point.fds} fds`,
    )
  }
  running = false
  await Promise.all(users)
  const seconds = elapsed()
  const last = await sample(server)
  server.send("stop")
  await idp.stop()

  const first = points[0]!
  const middle = points[Math.floor((points.length - 1) / 2)]!
  const end = points.at(-1)!
  const rssDrift = pct(first.rss, end.rss)
  const fdDrift = pct(first.fds, end.fds)
  const checks = [
    { what: "client-side errors (unexpected status or failed request)", ok: tally.errors === 0, value: String(tally.errors) },
    { what: "errors logged by the server's auth logger", ok: last.errors === 0, value: String(last.errors) },
    { what: "RSS, end vs start (limit ±10%)", ok: Math.abs(rssDrift) <= 10, value: `${rssDrift >= 0 ? "+" : ""}${rssDrift.toFixed(1)}%` },
    { what: "open file descriptors, end vs start (limit ±10%)", ok: Math.abs(fdDrift) <= 10, value: `${fdDrift >= 0 ? "+" : ""}${fdDrift.toFixed(1)}%` },
  ]
  const passed = checks.every((c) => c.ok)
  const report = [
    "# Soak report",
    "",
    `\`npm run soak\` (test/soak/run-soak.ts), run on ${new Date().toISOString().slice(0, 10)}: ${Math.round(seconds)} s with ${USERS} virtual users against one app process on 127.0.0.1 (Node ${process.version}, ${cpus().length} cores shared with other work). **${passed ? "Passed" : "Failed"}.**`,
    "",
    "Each visit signs in (credentials; every tenth through an OpenID Provider, oidc-provider in the driver process), makes 20 guarded requests, reads the session and a public route, signs out, then is refused: 401 for an API call, 302 to sign-in for a browser. " +
      `Every ${SAMPLE_EVERY_S} s the load pauses between visits and the server process reports its RSS (after two forced garbage collections, the lowest of three readings 250 ms apart, so memory the collector's and compiler's threads held for a moment is not counted), its V8 heap and the entries of \`/proc/self/fd\`. "Start" is the first sample, after a warm-up of ${WARM_UP_S} s.`,
    "",
    "| | |",
    "|---|---|",
    `| requests served | ${tally.requests} (${Math.round(tally.requests / seconds)}/s) |`,
    `| sign-ins | ${tally.credentialsSignIns + tally.oidcSignIns} (${tally.credentialsSignIns} credentials, ${tally.oidcSignIns} OIDC) |`,
    `| guarded requests answered 200 | ${tally.guarded} |`,
    `| refusals after sign-out (401 / 302) | ${tally.refused} |`,
    `| errors | ${tally.errors} |`,
    "",
    "| sample | time (s) | requests so far | RSS (MB) | heap used (MB) | open fds |",
    "|---|---|---|---|---|---|",
    ...[["start", first], ["middle", middle], ["end", end]].map(
      ([label, p]) => `| ${label as string} | ${(p as Point).at} | ${(p as Point).requests} | ${mb((p as Point).rss)} | ${mb((p as Point).heapUsed)} | ${(p as Point).fds} |`,
    ),
    "",
    "| check | result | |",
    "|---|---|---|",
    ...checks.map((c) => `| ${c.what} | ${c.value} | ${c.ok ? "ok" : "**FAILED**"} |`),
    "",
    "<details><summary>Every sample</summary>",
    "",
    "| time (s) | requests | RSS (MB) | RSS anonymous / file-backed (MB) | heap used / total (MB) | external (MB) | fds |",
    "|---|---|---|---|---|---|---|",
    ...points.map(
      (p) => `| ${p.at} | ${p.requests} | ${mb(p.rss)} | ${mb(p.rssAnon)} / ${mb(p.rssFile)} | ${mb(p.heapUsed)} / ${mb(p.heapTotal)} | ${mb(p.external)} | ${p.fds} |`,
    ),
    "",
    "</details>",
    ...(tally.firstErrors.length + last.lastErrors.length > 0 ? ["", "First errors:", "", ...[...tally.firstErrors, ...last.lastErrors].map((e) => `- ${e}`)] : []),
    "",
  ].join("\n")
  writeFileSync(REPORT, report)
  console.log(`\n${report}\nsoak: report written to ${REPORT}`)
  process.exit(passed ? 0 : 1)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
