import swc from "unplugin-swc"
import { defineConfig } from "vitest/config"

// SWC instead of esbuild: Nest's dependency injection needs emitDecoratorMetadata.
export default defineConfig({
  plugins: [swc.vite({ module: { type: "es6" } })],
  test: {
    // A stray `.only` fails the run everywhere, not just under CI=true: it would leave the rest unrun.
    allowOnly: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["test/**/*.spec.ts"] } },
      { extends: true, test: { name: "e2e", include: ["test/**/*.e2e-spec.ts"] } },
    ],
  },
})
