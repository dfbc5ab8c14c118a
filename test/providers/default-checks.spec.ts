// SECURITY.md's PKCE section must match what the provider factories really default to.
import { readdirSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const ROOT = new URL("../../", import.meta.url)
const NOT_OAUTH = new Set(["credentials", "nodemailer", "types"])

async function defaultChecks(): Promise<Array<{ name: string; checks: string[] }>> {
  const files = readdirSync(fileURLToPath(new URL("lib/providers/", ROOT))).map((f) => f.replace(/\.ts$/, "")).filter((f) => !NOT_OAUTH.has(f))
  return Promise.all(
    files.map(async (file) => {
      const factory = (await import(`../../lib/providers/${file}.ts`)).default as (c: object) => { name: string; checks?: string[] }
      const provider = factory({ clientId: "id", clientSecret: "secret", issuer: "https://idp.example" })
      // An OAuth provider without `checks` gets ["pkce"] (lib/core/config/providers.ts).
      return { name: provider.name, checks: provider.checks ?? ["pkce"] }
    }),
  )
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
