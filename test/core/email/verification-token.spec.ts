import { createHash } from "node:crypto"
import { describe, expect, it } from "vitest"
import {
  hashVerificationToken,
  newVerificationToken,
  verificationExpiry,
  verificationSecret,
} from "../../../lib/core/email/verification-token.js"
import type { InternalEmailProvider } from "../../../lib/core/config/types.js"
import { AUTH_SECRET, testConfig } from "../../utils/test-config.js"

const provider = (extra: Partial<InternalEmailProvider> = {}) =>
  ({ id: "email", name: "Email", type: "email", sendVerificationRequest: () => {}, ...extra }) as InternalEmailProvider

describe("hashVerificationToken", () => {
  it("is hex SHA-256 of token + secret, as Auth.js stores it", () => {
    const expected = createHash("sha256").update(`abc${AUTH_SECRET}`).digest("hex")
    expect(hashVerificationToken("abc", AUTH_SECRET)).toBe(expected)
    expect(hashVerificationToken("abc", AUTH_SECRET)).toMatch(/^[0-9a-f]{64}$/)
    expect(hashVerificationToken("abd", AUTH_SECRET)).not.toBe(expected)
  })
})

describe("verificationSecret", () => {
  it("uses the configured secret, arrays joined by commas (Auth.js's String(secret))", () => {
    expect(verificationSecret(testConfig({ secret: ["new-secret-value-0123456789", "old-secret-value-0123456789"] }), provider())).toBe(
      "new-secret-value-0123456789,old-secret-value-0123456789",
    )
  })

  it("prefers the provider's own secret", () => {
    expect(verificationSecret(testConfig(), provider({ secret: "provider-secret" }))).toBe("provider-secret")
  })
})

describe("newVerificationToken", () => {
  it("is 32 random bytes in hex by default", async () => {
    const [a, b] = [await newVerificationToken(provider()), await newVerificationToken(provider())]
    expect(a).toMatch(/^[0-9a-f]{64}$/)
    expect(a).not.toBe(b)
  })

  it("uses the provider's generator, and refuses an empty result", async () => {
    expect(await newVerificationToken(provider({ generateVerificationToken: async () => "123456" }))).toBe("123456")
    await expect(newVerificationToken(provider({ generateVerificationToken: () => "" }))).rejects.toThrow(TypeError)
  })
})

describe("verificationExpiry", () => {
  it("is one day after now by default, or maxAge seconds", () => {
    expect(verificationExpiry(provider(), 1_000_000).valueOf()).toBe(1_000_000 + 86_400_000)
    expect(verificationExpiry(provider({ maxAge: 600 }), 1_000_000).valueOf()).toBe(1_000_000 + 600_000)
  })
})
