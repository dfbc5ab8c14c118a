import { Test } from "@nestjs/testing"
import { describe, expect, it, vi } from "vitest"
import { AuthModule, MemoryAdapter } from "../../lib/index.js"
import Passkey from "../../lib/providers/passkey.js"

const config = { secret: "passkey-peer-secret-0123456789abcdef", trustHost: true, adapter: MemoryAdapter(), experimental: { enableWebAuthn: true } }

describe("the optional peer @simplewebauthn/server", () => {
  it("is loaded while the module boots, by the passkey provider", async () => {
    const module = await Test.createTestingModule({ imports: [AuthModule.forRoot({ ...config, providers: [Passkey] })] }).compile()
    await module.close()
  })

  it("fails boot, naming the package to install, when it cannot be loaded", async () => {
    const provider = Passkey()
    const missing = new Error("The Passkey provider needs @simplewebauthn/server: npm install @simplewebauthn/server@^13")
    const broken = { ...provider, simpleWebAuthn: { ...provider.simpleWebAuthn!, ready: () => Promise.reject(missing) } }
    await expect(
      Test.createTestingModule({ imports: [AuthModule.forRoot({ ...config, providers: [broken] })] }).compile(),
    ).rejects.toThrow(/npm install @simplewebauthn\/server/)
  })

  it("the provider's loader turns a missing package into that message", async () => {
    vi.resetModules()
    vi.doMock("@simplewebauthn/server", () => {
      throw new Error("Cannot find package '@simplewebauthn/server'")
    })
    try {
      const { default: Fresh } = await import("../../lib/providers/passkey.js")
      const ready = (Fresh().simpleWebAuthn as unknown as { ready(): Promise<unknown> }).ready
      await expect(ready()).rejects.toThrow("The Passkey provider needs @simplewebauthn/server: npm install @simplewebauthn/server@^13")
    } finally {
      vi.doUnmock("@simplewebauthn/server")
      vi.resetModules()
    }
  })
})
