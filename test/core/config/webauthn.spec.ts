import AuthjsPasskey from "@auth/core/providers/passkey"
import AuthjsWebAuthn from "@auth/core/providers/webauthn"
import { describe, expect, it } from "vitest"
import { resolveConfig } from "../../../lib/core/config/resolve.js"
import type { InternalWebAuthnProvider } from "../../../lib/core/config/types.js"
import { MemoryAdapter, type AuthConfig } from "../../../lib/index.js"
import Passkey from "../../../lib/providers/passkey.js"
import { AUTH_SECRET, recordingLogger } from "../../utils/test-config.js"

function config(extra: Partial<AuthConfig>): AuthConfig {
  return {
    secret: AUTH_SECRET,
    trustHost: true,
    adapter: MemoryAdapter(),
    providers: [Passkey],
    experimental: { enableWebAuthn: true },
    logger: recordingLogger().logger,
    ...extra,
  }
}

describe("WebAuthn configuration", () => {
  it("resolves the passkey provider with Auth.js's defaults, and warns that WebAuthn is experimental", () => {
    const { logger, warnings } = recordingLogger()
    const resolved = resolveConfig(config({ logger }), {})
    const passkey = resolved.providersById.get("passkey") as InternalWebAuthnProvider
    expect(passkey).toMatchObject({
      type: "webauthn",
      name: "Passkey",
      enableConditionalUI: true,
      formFields: { email: { autocomplete: "username webauthn" } },
      registrationOptions: { authenticatorSelection: { residentKey: "required", userVerification: "required" } },
      verifyAuthenticationOptions: { requireUserVerification: true },
    })
    expect(typeof passkey.getUserInfo).toBe("function")
    expect(warnings).toContain("experimental-webauthn")
  })

  it("accepts Auth.js's own Passkey and WebAuthn provider objects unchanged", () => {
    const resolved = resolveConfig(config({ providers: [AuthjsPasskey({}), AuthjsWebAuthn({ enableConditionalUI: false })] }), {})
    expect(resolved.providers.map((p) => [p.id, p.type])).toEqual([["passkey", "webauthn"], ["webauthn", "webauthn"]])
  })

  it("requires experimental.enableWebAuthn, as Auth.js does", () => {
    expect(() => resolveConfig(config({ experimental: undefined }), {})).toThrow(
      expect.objectContaining({ type: "ExperimentalFeatureNotEnabled", message: expect.stringMatching(/enableWebAuthn: true/) }),
    )
  })

  it("requires an adapter with the authenticator methods", () => {
    expect(() => resolveConfig(config({ adapter: undefined }), {})).toThrow(expect.objectContaining({ type: "MissingAdapter" }))
    const { getAuthenticator: _omit, ...partial } = MemoryAdapter()
    expect(() => resolveConfig(config({ adapter: partial }), {})).toThrow(/getAuthenticator/)
  })

  it("allows one conditional-UI provider, which needs a webauthn autocomplete field", () => {
    expect(() => resolveConfig(config({ providers: [Passkey, Passkey({ id: "second" })] }), {})).toThrow(
      expect.objectContaining({ type: "DuplicateConditionalUI" }),
    )
    expect(() => resolveConfig(config({ providers: [Passkey({ formFields: { email: { label: "Email" } } })] }), {})).toThrow(
      expect.objectContaining({ type: "MissingWebAuthnAutocomplete" }),
    )
  })

  it("names the package and the provider entry when a WebAuthn provider has no simpleWebAuthn functions", () => {
    const bare = { id: "webauthn", name: "WebAuthn", type: "webauthn" as const }
    expect(() => resolveConfig(config({ providers: [bare] }), {})).toThrow(/nestjs-authjs\/providers\/passkey.*@simplewebauthn\/server/)
  })
})
