// `npm run test:nest12`: the library's Nest suites (e2e and test/nest) with Nest 12 instead of the
// root's Nest 11. Every import of a package this folder's package.json pins — from lib/, from the tests
// and from the pinned packages themselves — resolves in this folder's node_modules, so one copy of Nest
// (and of rxjs, graphql, passport, which must be shared with it) is loaded. test/e2e/nest-peers proves it.
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import swc from "unplugin-swc"
import type { Plugin } from "vite"
import { defineConfig } from "vitest/config"

const here = fileURLToPath(new URL(".", import.meta.url))
const root = join(here, "../../..")
const manifest = JSON.parse(readFileSync(join(here, "package.json"), "utf8")) as { dependencies: Record<string, string> }
const pinned = new Set(Object.keys(manifest.dependencies))

/** `@nestjs/core/helpers/x.js` → `@nestjs/core`; `rxjs/operators` → `rxjs`. */
function packageName(specifier: string): string {
  const parts = specifier.split("/")
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!
}

/** Resolves the pinned packages as if this folder imported them. */
function pinnedPeers(): Plugin {
  const importer = join(here, "package.json")
  return {
    name: "nest12-pinned-peers",
    enforce: "pre",
    async resolveId(source, _importer, options) {
      if (source.startsWith(".") || source.startsWith("/") || !pinned.has(packageName(source))) return null
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true })
      if (!resolved) throw new Error(`test:nest12: ${source} is not installed in ${here} (run npm ci there)`)
      return resolved
    },
  }
}

export default defineConfig({
  root,
  plugins: [pinnedPeers(), swc.vite({ module: { type: "es6" } })],
  test: {
    name: "nest12",
    // A stray `.only` fails the run everywhere, not just under CI=true: it would leave the rest unrun.
    allowOnly: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    include: ["test/**/*.e2e-spec.ts", "test/nest/**/*.spec.ts"],
    exclude: [
      "**/node_modules/**",
      // They start child processes that resolve packages with plain Node, outside this config:
      // test/package installs the packed tarball into its own Nest 11 and Nest 12 apps already, and
      // multi-instance and the sign-in limits' shared store run the app twice from source.
      "test/package/**",
      "test/e2e/multi-instance/**",
      "test/e2e/sign-in-limits/shared-store.e2e-spec.ts",
      // Mercurius runs on Fastify, which is tested on Nest 11 (test:fastify); this folder pins no Fastify.
      "test/e2e/graphql/mercurius.e2e-spec.ts",
    ],
    env: { NEST_PEERS_MAJOR: "12" },
  },
})
