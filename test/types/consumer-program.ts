// Compiles one fixture as an app that imports `nestjs-authjs` would, with `nestjs-authjs` mapped to
// lib/, in a program of its own (an augmentation applies to its whole program). Only the fixture's
// own diagnostics are returned, each as "file:line: message".
import { basename } from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"

export const ROOT = fileURLToPath(new URL("../..", import.meta.url))

export function diagnosticsOf(file: string): string[] {
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
    (d) => `${basename(file)}:${source.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`,
  )
}
