// The package manifest and the import fences between layers, read from the sources: what lib/
// imports must be installable from package.json alone, and the framework-free parts must stay so.
import { readdirSync, readFileSync } from "node:fs"
import { dirname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"
import { describe, expect, it } from "vitest"

const ROOT = fileURLToPath(new URL("../..", import.meta.url))
const LIB = join(ROOT, "lib")

interface PackageManifest {
  dependencies: Record<string, string>
  peerDependencies: Record<string, string>
  peerDependenciesMeta?: Record<string, { optional?: boolean }>
  exports: Record<string, unknown>
  typesVersions: Record<string, Record<string, string[]>>
  files: string[]
}
const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as PackageManifest

interface ImportSite {
  /** Path from the repository root, e.g. `lib/core/jwt.ts`. */
  file: string
  specifier: string
  /** True when the import is erased from the emitted JavaScript (`import type`, `export type`). */
  typeOnly: boolean
  /** `import()`: loaded only when that code runs. */
  dynamic?: boolean
}

const imports = readdirSync(LIB, { recursive: true })
  .map(String)
  .filter((file) => file.endsWith(".ts"))
  .flatMap((file) => importsOf(join(LIB, file)))

/** Every module specifier in a file: static imports and re-exports, `import()` and `require()`. */
function importsOf(path: string): ImportSite[] {
  const file = relative(ROOT, path).split("\\").join("/")
  const source = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true)
  const sites: ImportSite[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      sites.push({ file, specifier: node.moduleSpecifier.text, typeOnly: isTypeOnlyImport(node) })
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      sites.push({ file, specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly })
    } else if (ts.isCallExpression(node) && isImportOrRequire(node) && node.arguments[0]) {
      const argument = node.arguments[0]
      const specifier = ts.isStringLiteralLike(argument) ? argument.text : `<computed ${argument.getText()}>`
      sites.push({ file, specifier, typeOnly: false, dynamic: true })
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      sites.push({ file, specifier: node.argument.literal.text, typeOnly: true })
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return sites
}

/** `import type {…}`, or `import { type A, type B }`: either way nothing is loaded at run time. */
function isTypeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause
  if (!clause) return false // `import "x"` runs x
  if (clause.isTypeOnly) return true
  const bindings = clause.namedBindings
  return !clause.name && !!bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0 &&
    bindings.elements.every((element) => element.isTypeOnly)
}

function isImportOrRequire(node: ts.CallExpression): boolean {
  return node.expression.kind === ts.SyntaxKind.ImportKeyword ||
    (ts.isIdentifier(node.expression) && node.expression.text === "require")
}

const isRelative = (specifier: string) => specifier.startsWith(".")
/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
const packageName = (specifier: string) =>
  specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/")
/** `import("x")` of an optional peer: the provider still loads when the peer is not installed. */
const isLazyOptionalPeer = (site: ImportSite) =>
  site.dynamic === true && manifest.peerDependenciesMeta?.[packageName(site.specifier)]?.optional === true
const inLayer = (layer: string) => (site: ImportSite) => site.file.startsWith(`lib/${layer}/`)
const describeSite = (site: ImportSite) => `${site.file}: ${site.typeOnly ? "import type" : "import"} "${site.specifier}"`

describe("package.json", () => {
  it("depends at run time on exactly jose and oauth4webapi, pinned", () => {
    expect(Object.keys(manifest.dependencies).sort()).toEqual(["jose", "oauth4webapi"])
    for (const version of Object.values(manifest.dependencies)) expect(version).toMatch(/^\d+\.\d+\.\d+$/)
  })

  it("takes Nest only as peers, never as a dependency (two copies of Nest break DI)", () => {
    expect(Object.keys(manifest.dependencies).filter((name) => name.startsWith("@nestjs/"))).toEqual([])
    expect(Object.keys(manifest.peerDependencies)).toEqual(
      expect.arrayContaining(["@nestjs/common", "@nestjs/core", "@nestjs/platform-express", "reflect-metadata", "rxjs"]),
    )
    for (const name of ["@nestjs/common", "@nestjs/core", "@nestjs/platform-express", "@nestjs/platform-fastify"]) {
      expect(manifest.peerDependencies[name], name).toMatch(/\^11\.\d+\.\d+ \|\| \^12\.\d+\.\d+/)
    }
    // Fastify apps need the Fastify platform, Express apps never do (#23).
    for (const name of ["@nestjs/platform-fastify", "fastify"]) expect(manifest.peerDependenciesMeta?.[name], name).toEqual({ optional: true })
  })

  it("exports every provider file, with both builds and types, and nothing else under ./providers/", () => {
    const providerFiles = readdirSync(join(LIB, "providers"))
      .filter((file) => file.endsWith(".ts") && file !== "types.ts")
      .map((file) => file.slice(0, -".ts".length))
      .sort()
    expect(providerFiles).toContain("github")
    const exported = Object.keys(manifest.exports).filter((key) => key.startsWith("./providers/"))
    expect(exported.sort()).toEqual(providerFiles.map((name) => `./providers/${name}`))
    for (const name of providerFiles) {
      expect(manifest.exports[`./providers/${name}`]).toEqual(buildEntry(`providers/${name}`))
      expect(manifest.typesVersions["*"]?.[`providers/${name}`]).toEqual([`./dist/cjs/providers/${name}.d.ts`])
    }
  })

  it("maps ., ./jwt, ./testing, ./redis and ./adapters to the ESM build for import and the CommonJS build for require", () => {
    expect(manifest.exports["."]).toEqual(buildEntry("index"))
    expect(manifest.exports["./jwt"]).toEqual(buildEntry("jwt"))
    for (const entry of ["testing", "redis", "adapters"]) {
      expect(manifest.exports[`./${entry}`]).toEqual(buildEntry(entry))
      expect(manifest.typesVersions["*"]?.[entry]).toEqual([`./dist/cjs/${entry}.d.ts`])
    }
    expect(manifest.files).toContain("dist")
  })
})

/** The exports-map entry for one emitted module (`types` first, as TypeScript requires). */
function buildEntry(module: string) {
  const build = (dir: string) => ({ types: `./dist/${dir}/${module}.d.ts`, default: `./dist/${dir}/${module}.js` })
  return { import: build("esm"), require: build("cjs") }
}

describe("imports in lib/", () => {
  it("finds the imports it checks", () => {
    expect(imports.some((site) => site.specifier === "jose")).toBe(true)
    expect(imports.some((site) => site.specifier === "@nestjs/common")).toBe(true)
    expect(imports.filter(inLayer("providers")).length).toBeGreaterThan(0)
  })

  it("loads only declared dependencies, peers and node: builtins", () => {
    const declared = new Set([...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies)])
    const undeclared = imports.filter(
      (site) => !isRelative(site.specifier) && !site.specifier.startsWith("node:") && !declared.has(packageName(site.specifier)),
    )
    expect(undeclared.map(describeSite)).toEqual([])
  })

  it("never imports @auth/* (Auth.js is a test oracle, not a dependency)", () => {
    expect(imports.filter((site) => site.specifier.startsWith("@auth/")).map(describeSite)).toEqual([])
  })

  it("ends every relative import in .js, as the ESM build needs", () => {
    const bad = imports.filter((site) => isRelative(site.specifier) && !site.specifier.endsWith(".js"))
    expect(bad.map(describeSite)).toEqual([])
  })

  it("keeps lib/core, lib/providers and lib/adapters free of Nest, Express, rxjs, reflect-metadata and lib/nest", () => {
    const framework = /^(@nestjs\/|express$|express\/|rxjs$|rxjs\/|reflect-metadata$)/
    expect(imports.filter(inLayer("adapters")).length).toBeGreaterThan(0)
    const bad = imports
      .filter((site) => inLayer("core")(site) || inLayer("providers")(site) || inLayer("adapters")(site))
      .filter((site) => framework.test(site.specifier) || /(^|\/)nest\//.test(site.specifier))
    expect(bad.map(describeSite)).toEqual([])
  })

  it("lets lib/providers import only types, the email senders' and the passkey's shared code and vocabulary (factories are data)", () => {
    // lib/providers/email/ holds the mail content and the HTTP call the email factories share;
    // lib/providers/webauthn/ the passkey's translation of its @simplewebauthn/server peer.
    const shared = (site: ImportSite) =>
      isRelative(site.specifier) &&
      /^lib\/(providers\/email|providers\/webauthn|core\/vocabulary)\//.test(join(dirname(site.file), site.specifier).split("\\").join("/"))
    const runtime = imports
      .filter(inLayer("providers"))
      .filter((site) => !site.typeOnly && !site.specifier.startsWith("node:") && !isLazyOptionalPeer(site) && !shared(site))
    expect(runtime.map(describeSite)).toEqual([])
  })

  it("loads optional peers (nodemailer, @simplewebauthn/server) only lazily, from the provider that needs them", () => {
    const meta = manifest.peerDependenciesMeta ?? {}
    const optional = new Set(Object.keys(meta).filter((name) => meta[name]!.optional))
    expect([...optional]).toContain("nodemailer")
    const sites = imports.filter((site) => optional.has(packageName(site.specifier)) && !site.typeOnly)
    expect([...optional]).toContain("@simplewebauthn/server")
    expect(sites.map(describeSite).sort()).toEqual([
      'lib/providers/nodemailer.ts: import "nodemailer"',
      'lib/providers/passkey.ts: import "@simplewebauthn/server"',
    ])
    expect(sites.every((site) => site.dynamic)).toBe(true)
  })
})
