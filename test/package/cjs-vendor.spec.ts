// The CommonJS build where require() of ESM does not exist: Jest's module system (Node 20, 22) and
// Node with --no-experimental-require-module behave alike there. jose and oauth4webapi are ESM-only,
// so dist/cjs carries its own bundle of each (tools/vendor-cjs.mjs). The Jest half of the proof is
// the Nest 11 scaffold's own Jest e2e run (npm run test:scaffolds).
import { execFile, execFileSync } from "node:child_process"
import { existsSync, readFileSync, readdirSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { beforeAll, describe, expect, it } from "vitest"

const ROOT = fileURLToPath(new URL("../..", import.meta.url))
const CJS = join(ROOT, "dist", "cjs")

/** Runs a CommonJS script with require(esm) turned off; resolves to its stdout. */
function runWithoutRequireEsm(script: string): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--no-experimental-require-module", "--input-type=commonjs", "-e", script],
      { cwd: ROOT, timeout: 30_000, env: { ...process.env, NODE_OPTIONS: "" } },
      (error, stdout, stderr) => resolve({ stdout, stderr, code: error ? Number(error.code ?? 1) : 0 }),
    )
  })
}

describe("the CommonJS build without require(esm)", () => {
  beforeAll(() => {
    // `npm test` builds first; a lone run of this file builds if it must.
    if (!existsSync(join(CJS, "vendor"))) execFileSync("npm", ["run", "build", "--silent"], { cwd: ROOT, timeout: 240_000 })
  }, 300_000)

  it("has no require() of jose or oauth4webapi and no import() left", () => {
    const files = readdirSync(CJS, { recursive: true })
      .map(String)
      .filter((file) => file.endsWith(".js"))
    expect(files.length).toBeGreaterThan(50)
    const offenders = files.filter((file) =>
      /\brequire\(["'](jose|oauth4webapi)(\/[^"']*)?["']\)|\bimport\(/.test(readFileSync(join(CJS, file), "utf8")),
    )
    expect(offenders).toEqual([])
    expect(readdirSync(join(CJS, "vendor")).sort()).toEqual([
      "jose.LICENSE.md",
      "jose.cjs",
      "oauth4webapi.LICENSE.md",
      "oauth4webapi.cjs",
    ])
  })

  it("cannot require jose itself there (the control)", async () => {
    const { stdout } = await runWithoutRequireEsm(
      `try { require("jose"); console.log("loaded") } catch (error) { console.log(error.code) }`,
    )
    expect(stdout.trim()).toBe("ERR_REQUIRE_ESM")
  })

  it("loads every file of the build and round-trips a session JWT through the jose bundle", async () => {
    const script = `
      const { encode, decode } = require("./dist/cjs/jwt.js")
      const lib = require("./dist/cjs/index.js")
      const GitHub = require("./dist/cjs/providers/github.js").default
      const { JWTSessionError } = lib
      const files = require("node:fs").readdirSync("dist/cjs", { recursive: true }).filter((f) => String(f).endsWith(".js"))
      for (const file of files) require("./dist/cjs/" + file)
      ;(async () => {
        const secret = "${"x".repeat(40)}", salt = "authjs.session-token"
        const token = await encode({ token: { sub: "user-1", name: "Ada" }, secret, salt })
        const claims = await decode({ token, secret, salt })
        let tampered = "accepted"
        try { await decode({ token: token.slice(0, -4) + "AAAA", secret, salt }) } catch (error) { tampered = error.constructor.name }
        console.log(JSON.stringify({
          module: typeof lib.AuthModule, provider: GitHub({ clientId: "a", clientSecret: "b" }).id,
          sub: claims.sub, tampered, errorClass: typeof JWTSessionError, allFilesLoaded: files.length > 50,
        }))
      })().catch((error) => { console.error(error); process.exit(1) })`
    const { stdout, stderr, code } = await runWithoutRequireEsm(script)
    expect(stderr).toBe("")
    expect(code).toBe(0)
    expect(JSON.parse(stdout)).toEqual({
      module: "function",
      provider: "github",
      sub: "user-1",
      tampered: "JWEDecryptionFailed",
      errorClass: "function",
      allFilesLoaded: true,
    })
  })

  it("keeps the ESM build on the real packages", () => {
    const jwt = readFileSync(join(ROOT, "dist", "esm", "core", "jwt", "encode-decode.js"), "utf8")
    expect(jwt).toContain('import("jose/jwt/encrypt")')
    expect(existsSync(join(ROOT, "dist", "esm", "vendor"))).toBe(false)
  })
})
