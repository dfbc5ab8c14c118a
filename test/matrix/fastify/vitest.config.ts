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
      // Suites that do not boot their app through startApp, so they would only run Express again:
      // body-parsing tunes Express's body-parser (`useBodyParser("urlencoded", { extended })`);
      // testing-overrides compiles testing modules into Express apps (test/e2e/platform does the same
      // on Fastify in every run); multi-instance runs the app in child processes from source;
      // test/package installs the packed tarball into its own apps.
      "test/e2e/body-parsing/**",
      "test/e2e/global-guard/testing-overrides.e2e-spec.ts",
      "test/e2e/multi-instance/**",
      "test/package/**",
      // Nest's MVC on Fastify needs @fastify/view (`setViewEngine({ engine: { ejs } })`), not installed here; the
      // sample's views (test/e2e/sample) run SessionLocalsMiddleware on Fastify instead.
      "test/e2e/mvc/**",
    ],
    env: { TEST_PLATFORM: "fastify" },
  },
})
