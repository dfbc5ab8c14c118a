import swc from "unplugin-swc"
import { defineConfig } from "vitest/config"

// `npm run test:cluster`: three app processes behind Debian's nginx, sharing redis-server and
// embedded PostgreSQL (test/cluster). Kept out of `npm test`, which would otherwise run it again.
export default defineConfig({
  plugins: [swc.vite({ module: { type: "es6" } })],
  test: {
    allowOnly: false,
    include: ["test/cluster/**/*.cluster-spec.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
