import { describe, expect, it } from "vitest"
import { testConfig } from "../../utils/test-config.js"
import { makeAuthRequest } from "../../utils/make-auth-request.js"

function logged() {
  const lines: Array<{ level: "error" | "warn"; text: string }> = []
  const logger = {
    error: (e: Error) => void lines.push({ level: "error", text: `${e.name}: ${e.message}` }),
    warn: (code: string, detail?: unknown) => void lines.push({ level: "warn", text: `${code} ${detail ?? ""}` }),
    debug: () => {},
  }
  return { lines, logger }
}

const corp = { id: "corp", name: "Corp", type: "oidc" as const, issuer: "https://idp.example", clientId: "c", clientSecret: "s" }

describe("a client's mistake is not a server error", () => {
  it.each(["GET", "POST"])("%s signin/<unknown provider> answers a 404 error page and logs one warn line naming the id", async (method) => {
    const { lines, logger } = logged()
    const config = testConfig({ logger })
    const res = await makeAuthRequest(config, { method, action: "signin", providerId: 'nope"<script>\n' })
    expect(res.status).toBe(404)
    expect(String(res.body)).toContain("<h1>")
    expect(String(res.body)).not.toContain("<script>")
    expect(lines).toEqual([{ level: "warn", text: 'unknown-provider no provider "nope\\"<script>\\n" (the providers are: credentials)' }])
  })

  it("answers callback/<unknown provider> the same way", async () => {
    const { lines, logger } = logged()
    const res = await makeAuthRequest(testConfig({ logger }), { action: "callback", providerId: "ghost", query: { code: "x" } })
    expect(res.status).toBe(404)
    expect(lines.map((l) => l.level)).toEqual(["warn"])
  })

  it("says a forged callback has no pending sign-in, rather than what the IdP's answer lacks", async () => {
    const { lines, logger } = logged()
    const config = testConfig({ logger, providers: [corp] })
    const res = await makeAuthRequest(config, { action: "callback", providerId: "corp", query: { code: "forged", state: "s" } })
    expect(res.status).toBe(302)
    expect(res.headers?.location).toMatch(/error=/)
    expect(lines).toHaveLength(1)
    expect(lines[0]!.text).toMatch(/no sign-in is pending with provider "corp"/i)
  })
})
