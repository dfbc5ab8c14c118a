// Checks the package as npm would publish it: packs the tarball, installs it into a throwaway
// project beside the Nest peers, then loads every entry point twice, in separate processes:
// require() must get the CommonJS build and import() the ESM build, with the same export names.
// Anything Node prints on stderr while loading (an ExperimentalWarning, say) fails the check.
// Run after `npm run build`: node tools/check-dist.mjs
import { execFileSync, spawnSync } from "node:child_process"
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

/** A failed check: reported as one line, without a stack. */
class CheckFailure extends Error {}

const root = fileURLToPath(new URL("..", import.meta.url))
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"))

/** What each entry point must export, by kind. Providers are added from the exports map below. */
const expected = {
  ".": {
    AuthModule: "class",
    AuthGuard: "class",
    AuthService: "class",
    SessionLocalsMiddleware: "class",
    Session: "function",
    Public: "function",
    Roles: "function",
    Authorize: "function",
    AuthError: "class",
    CredentialsSignin: "class",
    customFetch: "symbol",
    skipCSRFCheck: "symbol",
  },
  "./jwt": { encode: "function", decode: "function", getToken: "function" },
  "./testing": { createTestSession: "function" },
  "./redis": { redisCoordinator: "function" },
  "./adapters": {
    MemoryAdapter: "function",
    withAccountMethods: "function",
    withDrizzleAccountMethods: "function",
    withUnstorageAccountMethods: "function",
  },
}
const providerEntries = Object.keys(manifest.exports).filter((key) => key.startsWith("./providers/"))
for (const entry of providerEntries) expected[entry] = { default: "function" }

// The probe runs in the installed project. `mode` picks require() or import(); it prints, per entry,
// each export's kind, and what calling a provider factory returns.
const probe = `
import { createRequire } from "node:module"
import { readdirSync } from "node:fs"
import { dirname, join } from "node:path"
const [mode, entries] = [process.argv[2], JSON.parse(process.argv[3])]
const require = createRequire(import.meta.url)
const load = (specifier) => (mode === "require" ? require(specifier) : import(specifier))
const kindOf = (value) =>
  typeof value === "function" && /^class\\b/.test(Function.prototype.toString.call(value)) ? "class" : typeof value
const report = {}
for (const entry of entries) {
  const exports = await load(entry === "." ? "nestjs-authjs" : "nestjs-authjs/" + entry.slice(2))
  const kinds = Object.fromEntries(Object.keys(exports).sort().map((name) => [name, kindOf(exports[name])]))
  const providerId = entry.startsWith("./providers/") ? exports.default({ clientId: "id", clientSecret: "secret" }).id : undefined
  report[entry] = { kinds, providerId }
}
const root = require.resolve("nestjs-authjs")
const errors = await load("nestjs-authjs")
report.errorsShareBase = errors.CredentialsSignin.prototype instanceof errors.AuthError
// nodemailer is an optional peer, not installed here: the provider loads, and says what is missing on use.
const { default: Nodemailer } = await load("nestjs-authjs/providers/nodemailer")
const mailer = { ...Nodemailer(), server: "smtp://127.0.0.1:9" }
const mail = { identifier: "a@example.com", url: "http://localhost/auth/callback/nodemailer", provider: mailer, theme: {} }
report.nodemailerWithoutPeer = await mailer.sendVerificationRequest(mail).then(() => "sent", (error) => error.message)
// Every emitted file must load on its own, not only those the entry points reach.
const dist = join(dirname(root), "..", mode === "require" ? "cjs" : "esm")
const files = readdirSync(dist, { recursive: true }).filter((file) => String(file).endsWith(".js"))
for (const file of files) await load(join(dist, String(file)))
report.filesLoaded = files.length
console.log(JSON.stringify(report))
`

const work = mkdtempSync(join(tmpdir(), "nestjs-authjs-check-dist-"))
try {
  if (!providerEntries.includes("./providers/github")) fail("the exports map has no ./providers/github")
  const tarball = join(work, pack(work))
  const app = join(work, "app")
  mkdirSync(app)
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "check-dist", private: true }) + "\n")
  writeFileSync(join(app, "probe.mjs"), probe)
  // The required peers at the versions this repository develops against. Optional peers (nodemailer)
  // stay out, so every entry point must load without them.
  const optionalPeers = new Set(Object.keys(manifest.peerDependenciesMeta ?? {}))
  const peers = Object.keys(manifest.peerDependencies)
    .filter((name) => !optionalPeers.has(name))
    .map((name) => `${name}@${manifest.devDependencies[name]}`)
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", tarball, ...peers], app)

  const reports = {}
  for (const mode of ["require", "import"]) {
    const child = spawnSync(process.execPath, ["probe.mjs", mode, JSON.stringify(Object.keys(expected))], {
      cwd: app,
      encoding: "utf8",
      timeout: 60_000,
    })
    if (child.status !== 0) fail(`${mode}() of the packed package failed:\n${child.stderr}`)
    if (child.stderr.trim() !== "") fail(`${mode}() printed on stderr:\n${child.stderr}`)
    reports[mode] = JSON.parse(child.stdout)
    checkReport(mode, reports[mode])
  }
  for (const entry of Object.keys(expected)) {
    const [cjs, esm] = [reports.require[entry].kinds, reports.import[entry].kinds]
    if (JSON.stringify(cjs) !== JSON.stringify(esm)) {
      fail(`${entry}: require() and import() export different names:\n  cjs ${JSON.stringify(cjs)}\n  esm ${JSON.stringify(esm)}`)
    }
  }
  const counts = `${reports.require.filesLoaded} CommonJS and ${reports.import.filesLoaded} ESM files`
  console.log(`check-dist: ${Object.keys(expected).length} entry points and ${counts} load from the packed tarball`)
} catch (error) {
  console.error(error instanceof CheckFailure ? `check-dist: ${error.message}` : error)
  process.exitCode = 1
} finally {
  rmSync(work, { recursive: true, force: true })
}

function checkReport(mode, report) {
  for (const [entry, names] of Object.entries(expected)) {
    for (const [name, kind] of Object.entries(names)) {
      const actual = report[entry].kinds[name]
      if (actual !== kind) fail(`${mode}(${entry}).${name} is ${actual ?? "missing"}, expected a ${kind}`)
    }
    if (entry.startsWith("./providers/") && report[entry].providerId !== entry.slice("./providers/".length)) {
      fail(`${mode}(${entry}).default() returned a provider with id ${report[entry].providerId}`)
    }
  }
  if (report.errorsShareBase !== true) fail(`${mode}(): CredentialsSignin does not extend AuthError`)
  if (!String(report.nodemailerWithoutPeer).includes("npm install nodemailer")) {
    fail(`${mode}(): the Nodemailer provider without nodemailer installed said: ${report.nodemailerWithoutPeer}`)
  }
}

/** `npm pack` into `dir`; returns the tarball's file name. */
function pack(dir) {
  const out = run("npm", ["pack", "--json", "--pack-destination", dir, "--loglevel=error"], root)
  return JSON.parse(out)[0].filename
}

function run(command, args, cwd) {
  return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], timeout: 300_000 })
}

function fail(message) {
  throw new CheckFailure(message)
}
