// Each build folder declares its own module format, so Node reads dist/esm as ESM and dist/cjs as
// CommonJS whatever the root package.json says.
import { writeFileSync } from "node:fs"
for (const [dir, type] of [["cjs", "commonjs"], ["esm", "module"]]) {
  writeFileSync(new URL(`../dist/${dir}/package.json`, import.meta.url), JSON.stringify({ type }) + "\n")
}
