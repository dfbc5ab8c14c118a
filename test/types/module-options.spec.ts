// forRootAsync's factory result: options that only work beside useFactory are type errors inside it.
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"
import { describe, expect, it } from "vitest"

const ROOT = fileURLToPath(new URL("../..", import.meta.url))

function diagnosticsOf(file: string): string[] {
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
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) =>
    ts.flattenDiagnosticMessageText(d.messageText, "\n"),
  )
}

describe("AuthModule.forRootAsync's factory result (types)", () => {
  it("refuses globalGuard and openApi inside the factory's result (every @ts-expect-error is used)", () => {
    expect(diagnosticsOf(join(ROOT, "test/fixtures/module-options/factory-extras.ts"))).toEqual([])
  })
})
