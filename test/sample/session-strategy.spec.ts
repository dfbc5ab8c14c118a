import { afterEach, describe, expect, it, vi } from "vitest"
import { resolveConfig } from "../../lib/core/config/resolve.js"
import { createAuthConfig } from "../../sample/auth.config.js"

const devIdp = { issuer: "http://127.0.0.1:1", clientId: "sample", clientSecret: "sample-secret" }
const build = () => createAuthConfig(devIdp, "smtp://127.0.0.1:1")

describe("the sample's session strategy (AUTH_SESSION_STRATEGY)", () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it("keeps JWT sessions by default, with the demo credentials user", () => {
    vi.stubEnv("AUTH_SESSION_STRATEGY", "")
    const config = build()
    expect(config.session?.strategy).toBe("jwt")
    expect(config.providers.map((p) => (p as { id?: string }).id)).toContain("credentials")
  })

  it("uses database sessions in the in-memory adapter when set to database, and still boots", () => {
    vi.stubEnv("AUTH_SESSION_STRATEGY", "database")
    const config = build()
    expect(config.session?.strategy).toBe("database")
    expect(typeof config.adapter?.createSession).toBe("function")
    // Credentials sign-ins are JWT-only, so the demo user is not offered in this mode.
    expect(config.providers.map((p) => (p as { id?: string }).id)).not.toContain("credentials")
    const resolved = resolveConfig({ ...config, secret: "x".repeat(40), trustHost: true }, {})
    expect(resolved.session.strategy).toBe("database")
  })
})
