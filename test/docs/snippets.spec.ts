// Every ```ts block of README.md and docs/*.md type-checks against the built package, or is listed in
// snippet-failures.json (known failures, to be fixed in the docs and then removed from the list), or
// says why it cannot compile alone (`@snippet-skip: reason`; directives in extract-snippets.ts).
// After a docs change: `npm run build && npx vitest run test/docs`; the report of every block is
// written to .tmp/snippets/report.md. `UPDATE_SNIPPET_FAILURES=1` rewrites the list from this run.
import { readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { beforeAll, describe, expect, it } from "vitest"
import { compileSnippets, type SnippetResult } from "./compile-snippets.js"
import { extractSnippets, type Snippet } from "./extract-snippets.js"

const ROOT = fileURLToPath(new URL("../..", import.meta.url))
const FAILURES_FILE = join(ROOT, "test/docs/snippet-failures.json")
const DOCUMENTS = ["README.md", ...readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)]

/** Known failures: block id → where it was and its first diagnostic, for the reader of the list. */
type Failures = Record<string, string>

describe("extracting snippets from Markdown", () => {
  const markdown = [
    "Intro",
    "```ts",
    'import { AuthModule } from "nestjs-authjs"',
    "```",
    "1. In a list:",
    "   ```typescript",
    "   const a = 1",
    "   ```",
    "<!-- @snippet-prelude",
    "declare const users: { count: number }",
    "-->",
    "<!-- @snippet-skip: a fragment -->",
    "```ts",
    "users.count",
    "```",
    "```ts",
    "// @snippet-skip: needs Prisma",
    "```",
    "```bash",
    "npm i",
    "```",
  ].join("\n")

  it("finds ts and typescript fences, indented ones too, with their lines and directives", () => {
    const found = extractSnippets("X.md", markdown)
    expect(found.map((s) => [s.where, s.code, s.skip])).toEqual([
      ["X.md:2", 'import { AuthModule } from "nestjs-authjs"', undefined],
      ["X.md:6", "const a = 1", undefined],
      ["X.md:13", "users.count", "a fragment"],
      ["X.md:16", "// @snippet-skip: needs Prisma", "needs Prisma"],
    ])
    expect(found[2]!.prelude).toBe("declare const users: { count: number }\n")
  })

  it("keeps a block's id while the block moves, and changes it when its text does", () => {
    const [first] = extractSnippets("X.md", markdown)
    const [moved] = extractSnippets("X.md", `More intro\n\n${markdown}`)
    const [edited] = extractSnippets("X.md", markdown.replace("AuthModule", "AuthGuard"))
    expect(moved!.id).toBe(first!.id)
    expect(edited!.id).not.toBe(first!.id)
  })

  it("refuses a skip without a reason", () => {
    expect(() => extractSnippets("X.md", "```ts\n// @snippet-skip:\n```")).toThrow("X.md:1: @snippet-skip needs a reason")
  })
})

describe("documentation snippets", () => {
  const snippets: Snippet[] = DOCUMENTS.flatMap((file) => extractSnippets(file, readFileSync(join(ROOT, file), "utf8")))
  const checked = snippets.filter((s) => s.skip === undefined)
  const probes: Snippet[] = [
    probe("probe:good", 'import { AuthModule } from "nestjs-authjs"\nimport GitHub from "nestjs-authjs/providers/github"\nAuthModule.forRoot({ providers: [GitHub] })'),
    probe("probe:bad", 'import { NoSuchExport } from "nestjs-authjs"\nvoid NoSuchExport'),
  ]
  let results: SnippetResult[] = []
  const known: Failures = JSON.parse(readFileSync(FAILURES_FILE, "utf8")) as Failures

  beforeAll(() => {
    results = compileSnippets(ROOT, [...probes, ...checked])
    writeReport(results.slice(probes.length), snippets.length - checked.length)
    if (process.env.UPDATE_SNIPPET_FAILURES) {
      const failures = Object.fromEntries(results.slice(probes.length).filter((r) => r.diagnostics.length > 0).map((r) => [r.snippet.id, r.diagnostics[0]!]))
      writeFileSync(FAILURES_FILE, `${JSON.stringify(failures, null, 2)}\n`)
      // This run then checks against the list it just wrote.
      for (const id of Object.keys(known)) delete known[id]
      Object.assign(known, failures)
    }
  }, 120_000)

  it("compiles against the built package: a correct block passes, a wrong import fails", () => {
    expect(results[0]!.diagnostics).toEqual([])
    expect(results[1]!.diagnostics.join("\n")).toMatch(/has no exported member 'NoSuchExport'/)
  })

  it("finds the documentation's blocks", () => {
    expect(checked.length).toBeGreaterThan(0)
  })

  it("every block compiles, except the known failures in snippet-failures.json", () => {
    const unexpected = results.slice(probes.length).filter((r) => r.diagnostics.length > 0 && !(r.snippet.id in known))
    expect(unexpected.flatMap((r) => r.diagnostics)).toEqual([])
  })

  it("every known failure still fails (remove the fixed ones from the list)", () => {
    const failing = new Set(results.filter((r) => r.diagnostics.length > 0).map((r) => r.snippet.id))
    expect(Object.entries(known).filter(([id]) => !failing.has(id))).toEqual([])
  })
})

function probe(file: string, code: string): Snippet {
  return { where: `${file}:1`, file, line: 1, code, id: file, prelude: "" }
}

function writeReport(results: readonly SnippetResult[], skipped: number): void {
  const failing = results.filter((r) => r.diagnostics.length > 0)
  const lines = [
    `# Documentation snippets: ${results.length - failing.length} of ${results.length} compile (${skipped} skipped)`,
    "",
    ...failing.flatMap((r) => [`## ${r.snippet.where} (${r.snippet.id})`, "", ...r.diagnostics.map((d) => `- ${d}`), ""]),
  ]
  writeFileSync(join(ROOT, ".tmp/snippets/report.md"), `${lines.join("\n")}\n`)
}
