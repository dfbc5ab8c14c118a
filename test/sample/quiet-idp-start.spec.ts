// Starting an OpenID Provider (the sample's dev IdP, the tests' issuer) prints nothing on Node 20,
// where oidc-provider 9 otherwise warns "Unsupported runtime". Each case runs in a child process,
// since oidc-provider warns once per process, when first loaded.
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { describe, expect, it } from "vitest"

const ROOT = fileURLToPath(new URL("../..", import.meta.url))
const REGISTER_TS = "./test/e2e/multi-instance/register-ts.mjs"

async function stderrOf(script: string): Promise<string> {
  const { stderr } = await promisify(execFile)(process.execPath, ["--import", REGISTER_TS, "--input-type=module", "-e", script], {
    cwd: ROOT,
    env: { ...process.env, NODE_NO_WARNINGS: "1" },
  })
  return stderr
}

// oidc-provider's own test: any runtime older than the "Jod" LTS (Node 22) is "unsupported".
const warnsHere = (process.release.lts ?? "").charCodeAt(0) < "Jod".charCodeAt(0)

describe("starting an OpenID Provider", () => {
  it.runIf(warnsHere)("control: a plain import of oidc-provider warns on this Node", async () => {
    expect(await stderrOf(`await import("oidc-provider")`)).toContain("Unsupported runtime")
  })

  it("the sample's dev IdP starts without the runtime warning", async () => {
    const stderr = await stderrOf(`
      const { DevIdentityProvider } = await import("./sample/dev-identity-provider.ts")
      const idp = new DevIdentityProvider()
      const info = await idp.start()
      if (!info.issuer.startsWith("http://127.0.0.1:")) throw new Error(info.issuer)
      await idp.onApplicationShutdown()
    `)
    expect(stderr).not.toContain("Unsupported runtime")
  })

  it("the tests' issuer starts without it, and another warning still gets through", async () => {
    const stderr = await stderrOf(`
      const { loadOidcProvider } = await import("./test/utils/oidc/load-provider.ts")
      const Provider = await loadOidcProvider()
      new Provider("http://127.0.0.1:1", { clients: [] })
      console.warn("a warning of the app's own")
    `)
    expect(stderr).not.toContain("Unsupported runtime")
    expect(stderr).toContain("a warning of the app's own")
  })
})
