// Makes dist/cjs loadable where require() of ESM is unavailable (Jest's module system on Node 20/22,
// Node before 20.19, `--no-experimental-require-module`). jose and oauth4webapi ship ESM only, so
// the CommonJS build gets its own copy of them: one esbuild bundle per package in dist/cjs/vendor/,
// and every require("jose…") / require("oauth4webapi") in dist/cjs is rewritten to point there.
// Other dynamic import()s (the optional nodemailer peer) become require()s, which Jest can run.
// The ESM build is left alone: it imports the real packages, which stay in `dependencies`.
// Run after tsc has emitted dist/cjs: node tools/vendor-cjs.mjs
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join, relative, sep } from "node:path"
import { fileURLToPath } from "node:url"
import { build } from "esbuild"

const root = fileURLToPath(new URL("..", import.meta.url))
const cjsDir = join(root, "dist", "cjs")
const vendorDir = join(cjsDir, "vendor")
const requireFromRoot = createRequire(join(root, "package.json"))

/** The ESM-only dependencies; each becomes dist/cjs/vendor/<name>.cjs. */
const VENDORED = ["jose", "oauth4webapi"]

/** `jose/jwt/decode` → `jose`. */
const packageOf = (specifier) => VENDORED.find((name) => specifier === name || specifier.startsWith(`${name}/`))

/** `jose/jwt/decode` → `jwt_decode`; the package's own entry is `main`. */
const exportNameOf = (specifier, name) =>
  specifier === name ? "main" : specifier.slice(name.length + 1).replace(/[^A-Za-z0-9]/g, "_")

const files = readdirSync(cjsDir, { recursive: true })
  .map(String)
  .filter((file) => file.endsWith(".js") && !file.startsWith(`vendor${sep}`))
  .map((file) => join(cjsDir, file))

// Matches require("x") and import("x") with a string literal, as tsc emits them.
const CALL = /\b(require|import)\((["'])([^"']+)\2\)/g

// 1. Which specifiers of each vendored package the build uses.
const used = new Map(VENDORED.map((name) => [name, new Set()]))
for (const file of files) {
  for (const [, , , specifier] of readFileSync(file, "utf8").matchAll(CALL)) {
    const name = packageOf(specifier)
    if (name) used.get(name).add(specifier)
  }
}

// 2. One bundle per package, exposing every used entry point as a namespace. One bundle, not one per
//    entry point, so classes such as jose's errors exist once and `instanceof` keeps working.
mkdirSync(vendorDir, { recursive: true })
for (const [name, specifiers] of used) {
  if (specifiers.size === 0) continue
  const manifest = JSON.parse(readFileSync(requireFromRoot.resolve(`${name}/package.json`), "utf8"))
  const contents = [...specifiers].map((s) => `export * as ${exportNameOf(s, name)} from ${JSON.stringify(s)}`).join("\n")
  await build({
    stdin: { contents, resolveDir: root, sourcefile: `${name}-vendor-entry.js` },
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    outfile: join(vendorDir, `${name}.cjs`),
    legalComments: "inline",
    logLevel: "warning",
    banner: {
      js:
        `/*! ${name} ${manifest.version} (${manifest.license}), bundled for the CommonJS build of nestjs-authjs: ` +
        `see ./${name}.LICENSE.md. The ESM build imports the ${name} package itself. */`,
    },
  })
  const license = readdirSync(dirname(requireFromRoot.resolve(`${name}/package.json`))).find((f) => /^licen[cs]e/i.test(f))
  if (!license) throw new Error(`vendor-cjs: ${name} ships no license file`)
  copyFileSync(join(dirname(requireFromRoot.resolve(`${name}/package.json`)), license), join(vendorDir, `${name}.LICENSE.md`))
}

// 3. Point the build at the bundles; turn the remaining import()s into require()s.
let rewritten = 0
for (const file of files) {
  const source = readFileSync(file, "utf8")
  const output = source.replace(CALL, (call, kind, _quote, specifier) => {
    const name = packageOf(specifier)
    let target = specifier
    let member = ""
    if (name) {
      target = relative(dirname(file), join(vendorDir, `${name}.cjs`)).split(sep).join("/")
      if (!target.startsWith(".")) target = `./${target}`
      member = `.${exportNameOf(specifier, name)}`
    } else if (kind === "require") {
      return call
    }
    const load = `require(${JSON.stringify(target)})${member}`
    // A rejected promise, not a synchronous throw, when the module is missing: as import() behaves.
    return kind === "import" ? `Promise.resolve().then(() => ${load})` : load
  })
  if (output !== source) {
    writeFileSync(file, output)
    rewritten++
  }
}

// 4. Nothing in the CommonJS build may still reach an ESM-only package or use import().
for (const file of files) {
  for (const [call, kind, , specifier] of readFileSync(file, "utf8").matchAll(CALL)) {
    if (kind === "import" || packageOf(specifier)) {
      throw new Error(`vendor-cjs: ${relative(root, file)} still has ${call}`)
    }
  }
}
const counts = [...used].map(([name, s]) => `${name} (${[...s].join(", ")})`).join(", ")
console.log(`vendor-cjs: bundled ${counts} into dist/cjs/vendor; rewrote ${rewritten} files`)
