import { describe, expect, it } from "vitest"
import { resolveConfig } from "../../../lib/core/config/resolve.js"
import { aliceCredentials, recordingLogger } from "../../utils/test-config.js"

const STRONG = "k".repeat(32)

function boot(secret: string | string[], env: Record<string, string>) {
  const log = recordingLogger()
  const config = resolveConfig({ providers: [aliceCredentials], secret, trustHost: true, logger: log.logger }, env)
  return { config, ...log }
}

describe("weak secrets", () => {
  it("fails boot in production for a secret shorter than 32 characters, naming the fix", () => {
    expect(() => boot("too-short-secret", { NODE_ENV: "production" })).toThrow(/secret is 16 characters.*at least 32.*openssl rand/s)
    expect(() => boot([STRONG, "old-short"], { NODE_ENV: "production" })).toThrow(/secret\[1\] is 9 characters/)
    expect(() => boot(STRONG, { NODE_ENV: "production" })).not.toThrow()
  })

  it("warns, once, outside production", () => {
    expect(boot("too-short-secret", { NODE_ENV: "development" }).warnings).toEqual(["weak-secret"])
    expect(boot(["short-a", "short-b"], {}).warnings).toEqual(["weak-secret"])
    expect(boot(STRONG, {}).warnings).toEqual([])
  })
})
