import { describe, expect, it } from "vitest"
import { resolveConfig } from "../../../lib/core/config/resolve.js"
import { trustHostFromEnv } from "../../../lib/core/config/env.js"
import { MemoryAdapter } from "../../../lib/adapters/memory-adapter.js"
import Nodemailer from "../../../lib/providers/nodemailer.js"
import { AUTH_SECRET, aliceCredentials, recordingLogger } from "../../utils/test-config.js"

function boot(env: Record<string, string>, extra: Record<string, unknown> = {}) {
  const log = recordingLogger()
  const config = resolveConfig({ providers: [aliceCredentials], secret: AUTH_SECRET, logger: log.logger, ...extra }, env)
  return { config, ...log }
}

describe("host trust fails closed", () => {
  it("fails boot for an AUTH_URL that does not parse as an http(s) URL, even in production, naming the fix", () => {
    for (const AUTH_URL of ["app.example.com", "ftp://app.example.com", "https://"]) {
      expect(() => boot({ AUTH_URL, NODE_ENV: "production" }), AUTH_URL).toThrow(/AUTH_URL.*https:\/\//s)
    }
    expect(() => boot({ NEXTAUTH_URL: "app.example.com" })).toThrow(/NEXTAUTH_URL/)
    expect(boot({ AUTH_URL: "https://app.example.com", NODE_ENV: "production" }).config.authUrl?.origin).toBe("https://app.example.com")
  })

  it("reads AUTH_TRUST_HOST=false and =0 as false", () => {
    for (const value of ["false", "0", "FALSE", " false "]) {
      expect(trustHostFromEnv(undefined, { AUTH_TRUST_HOST: value }), value).toEqual({ trustHost: false, inferred: false })
    }
    expect(trustHostFromEnv(undefined, { AUTH_TRUST_HOST: "true" }).trustHost).toBe(true)
    expect(trustHostFromEnv(undefined, { AUTH_TRUST_HOST: "1" }).trustHost).toBe(true)
    expect(() => boot({ AUTH_TRUST_HOST: "false", NODE_ENV: "production" })).toThrow(/host is not trusted/)
  })

  it("warns once at boot when trust in the host is inferred, and says email links ignore forwarded headers", () => {
    expect(boot({ NODE_ENV: "development" }).warnings.filter((w) => w === "trust-host-inferred")).toHaveLength(1)
    expect(boot({ NODE_ENV: "development" }, { trustHost: true }).warnings).not.toContain("trust-host-inferred")
    expect(boot({ AUTH_TRUST_HOST: "true" }).warnings).not.toContain("trust-host-inferred")
    const email = boot({}, { adapter: MemoryAdapter(), providers: [Nodemailer({ server: "smtp://127.0.0.1:1", from: "a@b.c" })] })
    expect(email.warnings).toEqual(expect.arrayContaining(["trust-host-inferred", "email-links-ignore-forwarded-headers"]))
    expect(email.config.trustHostInferred).toBe(true)
  })
})
