// `npm run test:fastify`: the e2e suites again, with every app `startApp` boots on Nest's
// FastifyAdapter instead of Express (test/utils/nest-app.ts reads TEST_PLATFORM).
import { fileURLToPath } from "node:url"
import swc from "unplugin-swc"
import { defineConfig } from "vitest/config"

const root = fileURLToPath(new URL("../../..", import.meta.url))

export default defineConfig({
  root,
  plugins: [swc.vite({ module: { type: "es6" } })],
  test: {
    name: "fastify",
    allowOnly: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ["test/matrix/fastify/platform.ts"],
    include: ["test/**/*.e2e-spec.ts"],
    exclude: [
      "**/node_modules/**",
    ],
    env: { TEST_PLATFORM: "fastify" },
  },
})
