import { fileURLToPath } from "node:url"
import swc from "unplugin-swc"
import { defineConfig } from "vitest/config"

// `npm run test:companion`: the real Next.js apps (npm ci + next build each), CI only, one file at a time.
export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  plugins: [swc.vite({ module: { type: "es6" } })],
  test: {
    name: "companion",
    include: ["test/companion/**/*.companion-spec.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    // npm ci (≤ 5 min) + next build (≤ 8 min) + two next start (≤ 1 min each) in beforeAll.
    hookTimeout: 16 * 60_000,
  },
})
