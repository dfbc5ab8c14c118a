// Which Nest this run really uses. `npm test` runs against the root's Nest 11; `npm run test:nest12`
// points every @nestjs/* import at test/matrix/nest12 and sets NEST_PEERS_MAJOR=12. Both runs execute
// this file, so a resolution trick that silently fell back to the other Nest fails here.
import { existsSync, readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import * as common from "@nestjs/common"
import * as core from "@nestjs/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { AuthModule } from "../../../lib/index.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { nestAuthConfig } from "../../utils/nest-auth-config.js"

const ROOT = fileURLToPath(new URL("../../..", import.meta.url))
/** Every place this repository installs Nest. */
const INSTALLS = [ROOT, join(ROOT, "test/matrix/nest12")]

const rootManifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  devDependencies: Record<string, string>
}
const expectedMajor = Number(process.env.NEST_PEERS_MAJOR ?? rootManifest.devDependencies["@nestjs/core"]!.split(".")[0])
const expectedInstall = expectedMajor === 12 ? INSTALLS[1]! : ROOT

interface Install {
  dir: string
  version: string
}

/** The install whose `name` module is the very module instance `loaded` (same URL, same exports). */
async function installOf(name: string, loaded: Record<string, unknown>, probe: string): Promise<Install | undefined> {
  for (const dir of INSTALLS) {
    const manifest = join(dir, "node_modules", name, "package.json")
    if (!existsSync(manifest)) continue
    const entry = createRequire(join(dir, "package.json")).resolve(name)
    const candidate = (await import(pathToFileURL(entry).href)) as Record<string, unknown>
    if (candidate[probe] === loaded[probe]) {
      return { dir, version: (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version }
    }
  }
  return undefined
}

describe(`the Nest peers of this run (expected: Nest ${expectedMajor})`, () => {
  let running: RunningApp

  beforeAll(async () => {
    class PeerCheckModule {}
    common.Module({ imports: [AuthModule.forRoot(nestAuthConfig())] })(PeerCheckModule)
    running = await startApp(PeerCheckModule)
  })
  afterAll(async () => {
    await running?.app.close()
  })

  // First, before the next test imports each install to compare module identities.
  it("serves the library's routes, and no other install's Nest was loaded (the library's imports included)", async () => {
    const response = await fetch(`${running.url}/auth/csrf`, { signal: AbortSignal.timeout(10_000) })
    expect(response.status).toBe(200)
    expect(running.app).toBeInstanceOf((await import("@nestjs/core/nest-application.js")).NestApplication)

    const others = INSTALLS.filter((dir) => dir !== expectedInstall).map((dir) => join(dir, "node_modules", "@nestjs") + "/")
    // Nest 11 is CommonJS: whatever imported it (the library, a test, a plugin) left it in require.cache.
    const loadedFiles = Object.keys(createRequire(import.meta.url).cache)
    expect(loadedFiles.filter((file) => others.some((dir) => file.startsWith(dir)))).toEqual([])
    if (expectedMajor === 11) {
      expect(loadedFiles).toContain(join(expectedInstall, "node_modules/@nestjs/core/index.js"))
    }
  })

  it("imports @nestjs/core and @nestjs/common of the expected major version, from the expected install", async () => {
    const coreInstall = await installOf("@nestjs/core", core as never, "NestFactory")
    const commonInstall = await installOf("@nestjs/common", common as never, "Module")
    console.info(`nest-peers: @nestjs/core ${coreInstall?.version} from ${coreInstall?.dir}`)
    expect(coreInstall?.version.split(".")[0]).toBe(String(expectedMajor))
    expect(commonInstall?.version.split(".")[0]).toBe(String(expectedMajor))
    expect(coreInstall?.dir).toBe(expectedInstall)
    expect(commonInstall?.dir).toBe(expectedInstall)
  })
})
