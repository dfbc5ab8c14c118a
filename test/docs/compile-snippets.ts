import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import ts from "typescript"
import type { Snippet } from "./extract-snippets.js"

// Type-checks documentation snippets the way a reader's project would see them: each block is a
// module of its own under <root>/.tmp/snippets, and `nestjs-authjs` resolves from node_modules through
// the `exports` map to the built types of dist/ (what npm users get), not to lib/.

export interface SnippetResult {
  snippet: Snippet
  /** `README.md:81: Cannot find name 'users'.`; empty when the block compiles. */
  diagnostics: string[]
}

/** A Nest app's usual settings (the Nest CLI's, with `strict`). */
const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  moduleDetection: ts.ModuleDetectionKind.Force,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  esModuleInterop: true,
  skipLibCheck: true,
  types: ["node"],
}

export function compileSnippets(root: string, snippets: readonly Snippet[]): SnippetResult[] {
  if (!existsSync(join(root, "dist/esm/index.d.ts"))) {
    throw new Error("The snippets compile against the built types: run `npm run build` first.")
  }
  const dir = join(root, ".tmp/snippets")
  rmSync(dir, { recursive: true, force: true })
  installPackage(root, dir)
  const files = snippets.map((snippet, index) => {
    const file = join(dir, `${String(index).padStart(3, "0")}-${snippet.file.replace(/\W+/g, "-")}-${snippet.line}.ts`)
    writeFileSync(file, `${snippet.prelude}${snippet.code}\n`)
    return file
  })
  // In an app, other files import the package, so an augmentation-only block finds its module; a
  // program holding only that block would not (TS2664). This file plays the rest of the app.
  const usesPackage = join(dir, "uses-package.ts")
  writeFileSync(usesPackage, packageImports(root))
  const host = cachingHost(dir)
  // An augmentation (`declare module`, `declare global`) changes every file of its program: such a block
  // gets a program of its own; the others share one, which is much faster.
  const augments = (s: Snippet) => /\bdeclare\s+(module|global)\b/.test(s.prelude + s.code)
  const shared = files.filter((_, i) => !augments(snippets[i]!))
  const programs = new Map<string, ts.Program>()
  if (shared.length > 0) {
    const program = ts.createProgram([usesPackage, ...shared], OPTIONS, host)
    for (const file of shared) programs.set(file, program)
  }
  for (const [i, file] of files.entries()) {
    if (augments(snippets[i]!)) programs.set(file, ts.createProgram([usesPackage, file], OPTIONS, host))
  }
  return snippets.map((snippet, i) => ({ snippet, diagnostics: diagnosticsOf(programs.get(files[i]!)!, files[i]!, snippet) }))
}

/**
 * Installs the package's types into <dir>/node_modules as npm would (package.json and dist's
 * declarations), so the snippets resolve `nestjs-authjs` as an app does, and a rebuild of dist/ by
 * another test (test/package) cannot pull the files from under this one. <dir> gets a package.json of
 * its own, or TypeScript would resolve the name as the repository's self-reference instead.
 */
function installPackage(root: string, dir: string): void {
  const target = join(dir, "node_modules/nestjs-authjs")
  mkdirSync(target, { recursive: true })
  cpSync(join(root, "package.json"), join(target, "package.json"))
  cpSync(join(root, "dist"), join(target, "dist"), {
    recursive: true,
    filter: (source) => !/\.(c|m)?js(\.map)?$/.test(source),
  })
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name: "docs-snippets", private: true, type: "module" })}\n`)
}

/** `import type * as entry0 from "nestjs-authjs"`, one line per entry point of the exports map. */
function packageImports(root: string): string {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { name: string; exports: object }
  const entries = Object.keys(manifest.exports).filter((key) => !key.endsWith(".json"))
  const names = entries.map((key) => (key === "." ? manifest.name : `${manifest.name}/${key.slice(2)}`))
  return names.map((name, i) => `import type * as entry${i} from ${JSON.stringify(name)}\n`).join("")
}

function diagnosticsOf(program: ts.Program, file: string, snippet: Snippet): string[] {
  const source = program.getSourceFile(file)!
  const preludeLines = snippet.prelude === "" ? 0 : snippet.prelude.split("\n").length - 1
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => {
    const line = source.getLineAndCharacterOfPosition(d.start ?? 0).line
    // Lines of the block map to the Markdown file: the fence is at snippet.line, the code starts below.
    const where = line < preludeLines ? `${snippet.where} (prelude)` : `${snippet.file}:${snippet.line + 1 + line - preludeLines}`
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`
  })
}

/** Parses each library declaration file once for all the programs; snippets are read fresh. */
function cachingHost(snippetDir: string): ts.CompilerHost {
  const host = ts.createCompilerHost(OPTIONS)
  const cache = new Map<string, ts.SourceFile | undefined>()
  const read = host.getSourceFile.bind(host)
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (fileName.startsWith(snippetDir)) return read(fileName, languageVersion, onError, shouldCreate)
    if (!cache.has(fileName)) cache.set(fileName, read(fileName, languageVersion, onError, shouldCreate))
    return cache.get(fileName)
  }
  return host
}
