// Users describe their Session, User and JWT fields by module augmentation of `nestjs-authjs`, as
// Auth.js users do with `@auth/core/types`. Each fixture is compiled in a program of its own (an
// augmentation applies to its whole program), with `nestjs-authjs` mapped to lib/ as a consumer's
// import would resolve it; only the fixture's own diagnostics count.
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"
import { describe, expect, it } from "vitest"

const ROOT = fileURLToPath(new URL("../..", import.meta.url))
const FIXTURES = join(ROOT, "test/fixtures/augmentation")

function diagnosticsOf(fixture: string): string[] {
  const file = join(FIXTURES, fixture)
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    skipLibCheck: true,
    types: ["node"],
    baseUrl: ROOT,
    paths: { "nestjs-authjs": ["lib/index.ts"], "nestjs-authjs/*": ["lib/*"] },
  })
  const source = program.getSourceFile(file)!
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map(
    (d) => `${fixture}:${source.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`,
  )
}

describe("module augmentation of nestjs-authjs", () => {
  it("types Session, User and JWT everywhere the app meets them (decorators, callbacks, AuthService)", () => {
    expect(diagnosticsOf("augmented.ts")).toEqual([])
  })

  it("is what makes the difference: without it the same code does not compile", () => {
    expect(diagnosticsOf("plain.ts")).toEqual([])
  })

  // Every `@ts-expect-error` in the fixture must meet its error: an unused one is a diagnostic too.
  it("has no index signature on Session, and types authorize's credentials from the provider's", () => {
    expect(diagnosticsOf("strict.ts")).toEqual([])
  })
})
