// SECURITY.md's PKCE section must match what the provider factories really default to.
import { readdirSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const ROOT = new URL("../../", import.meta.url)
type Factory = (c: object) => { name: string; type: string; checks?: string[] }

/** The OAuth/OIDC factories among lib/providers' files (email, credentials and passkey ones are left out by type). */
async function defaultChecks(): Promise<Array<{ name: string; checks: string[] }>> {
  const files = readdirSync(fileURLToPath(new URL("lib/providers/", ROOT))).filter((f) => f.endsWith(".ts") && f !== "types.ts")
  const providers = await Promise.all(
    files.map(async (file) => {
      const factory = (await import(`../../lib/providers/${file.replace(/\.ts$/, "")}.ts`)).default as Factory
      return factory({ clientId: "id", clientSecret: "secret", issuer: "https://idp.example", apiKey: "key", from: "a@example.com" })
    }),
  )
  // An OAuth provider without `checks` gets ["pkce"] (lib/core/config/providers.ts).
  return providers.filter((p) => p.type === "oauth" || p.type === "oidc").map((p) => ({ name: p.name, checks: p.checks ?? ["pkce"] }))
}

describe("SECURITY.md › Missing or downgraded PKCE", () => {
  it("names every provider whose default checks leave out pkce, with its checks", async () => {
    const security = readFileSync(fileURLToPath(new URL("SECURITY.md", ROOT)), "utf8")
    const section = security.slice(security.indexOf("### Missing or downgraded PKCE"), security.indexOf("### ID token substitution"))
    const withoutPkce = (await defaultChecks()).filter((p) => !p.checks.includes("pkce"))
    expect(withoutPkce.map((p) => p.name).sort()).toEqual(["Apple", "LinkedIn", "Reddit", "Slack"])
    expect(section).not.toMatch(/`pkce` is in every provider's default checks/)
    for (const { name, checks } of withoutPkce) {
      expect(section, name).toContain(`${name} (${checks.map((c) => `\`${c}\``).join(", ")})`)
    }
  })
})
