// `npm start`: compiles sample/ and lib/ with tsc (decorator metadata needs a real compiler, not a
// transpile-only loader) into .sample-dist/, copies the sample's EJS views, then runs it with node.
import { spawn, spawnSync } from "node:child_process"
import { cpSync, existsSync, rmSync } from "node:fs"
import { createRequire } from "node:module"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("..", import.meta.url))
const outDir = join(root, ".sample-dist")

rmSync(outDir, { recursive: true, force: true })
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc")
const build = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.sample.json")], { stdio: "inherit" })
if (build.status !== 0) {
  console.error("start-sample: the sample did not compile (errors above).")
  process.exit(build.status ?? 1)
}

// tsc copies no templates: the EJS views go beside the compiled sample/views.js, where it looks.
cpSync(join(root, "sample", "views"), join(outDir, "sample", "views"), { recursive: true })

const envFile = join(root, "sample", ".env")
const args = ["--enable-source-maps"]
if (existsSync(envFile)) args.push(`--env-file=${envFile}`)
args.push(join(outDir, "sample", "main.js"))

const app = spawn(process.execPath, args, { cwd: root, stdio: "inherit" })
// Ctrl-C reaches the app directly (same process group); forward a SIGTERM sent to this script only.
process.on("SIGINT", () => {})
process.on("SIGTERM", () => app.kill("SIGTERM"))
app.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
