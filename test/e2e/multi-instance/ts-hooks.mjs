// Node module hooks for the child apps of the multi-instance test: TypeScript files are compiled
// on load by SWC, with decorator metadata (Nest's dependency injection needs it), and a relative
// `./x.js` import finds `./x.ts`, as the NodeNext sources are written.
import { readFile } from "node:fs/promises"
import { fileURLToPath } from "node:url"
import { transform } from "@swc/core"

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context)
  } catch (error) {
    const relative = specifier.startsWith("./") || specifier.startsWith("../") || specifier.startsWith("file:")
    if (relative && specifier.endsWith(".js")) return nextResolve(`${specifier.slice(0, -3)}.ts`, context)
    throw error
  }
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith("file:") || !url.endsWith(".ts")) return nextLoad(url, context)
  const filename = fileURLToPath(url)
  const { code } = await transform(await readFile(filename, "utf8"), {
    filename,
    sourceMaps: "inline",
    module: { type: "es6" },
    jsc: {
      target: "es2022",
      parser: { syntax: "typescript", decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
  })
  return { format: "module", source: code, shortCircuit: true }
}
