// `npm run bench [-- --quick] [-- --only=http,micro,rss,startup] [-- --report]`
// Compiles bench/ and lib/ with tsc (decorator metadata needs a real compiler) into .bench-dist/,
// then runs the orchestrator pinned to core 0; it pins the servers to core 1. Not part of npm test.
import { spawn, spawnSync } from "node:child_process"
import { existsSync, rmSync } from "node:fs"
import { availableParallelism } from "node:os"
import { createRequire } from "node:module"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("..", import.meta.url))
const outDir = join(root, ".bench-dist")
const args = process.argv.slice(2)

rmSync(outDir, { recursive: true, force: true })
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc")
const build = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.bench.json")], { stdio: "inherit" })
const entry = join(outDir, "bench", args.includes("--report") ? "report.js" : "main.js")
if (build.status !== 0) {
  // tsc still emits on type errors; a half-edited file elsewhere need not stop a measurement.
  if (!existsSync(entry)) {
    console.error("bench: the benchmark did not compile (errors above).")
    process.exit(build.status ?? 1)
  }
  console.error("bench: type errors above; running what tsc emitted anyway.")
}
const node = [process.execPath, "--enable-source-maps", entry, ...args]
const pin = existsSync("/usr/bin/taskset") && availableParallelism() >= 2
const [command, ...rest] = pin ? ["/usr/bin/taskset", "-c", "0", ...node] : node
const child = spawn(command, rest, { cwd: root, stdio: "inherit" })
process.on("SIGINT", () => {})
process.on("SIGTERM", () => child.kill("SIGTERM"))
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
