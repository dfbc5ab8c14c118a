import { webcrypto } from "node:crypto"
import { beforeAll, describe, expect, it } from "vitest"
import { resolveConfig } from "../../../lib/core/config/resolve.js"
import type { InternalOAuthProvider } from "../../../lib/core/config/types.js"
import type { Provider } from "../../../lib/providers/types.js"

const subtle = webcrypto.subtle
const base = { id: "corp", name: "Corp", type: "oidc", issuer: "https://idp.example", clientId: "corp-app" }
const privateKeyJwt = { token_endpoint_auth_method: "private_key_jwt" }

function boot(provider: Record<string, unknown>) {
  const config = resolveConfig({ secret: "s".repeat(32), trustHost: true, providers: [provider as unknown as Provider] }, {})
  return config.providers[0] as InternalOAuthProvider
}

let ec: CryptoKeyPair
let hmac: CryptoKey
let verifyOnly: CryptoKey

beforeAll(async () => {
  ec = (await subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"])) as CryptoKeyPair
  hmac = (await subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, true, ["sign"])) as CryptoKey
  const jwk = await subtle.exportKey("jwk", ec.privateKey)
  verifyOnly = await subtle.importKey("jwk", { ...jwk, d: undefined, key_ops: undefined }, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"])
})

describe("client authentication at boot (§7.6)", () => {
  it("accepts private_key_jwt with a private CryptoKey, or { key, kid }, and no client secret", () => {
    expect(boot({ ...base, client: privateKeyJwt, token: { clientPrivateKey: ec.privateKey } }).token?.clientPrivateKey).toBe(ec.privateKey)
    const withKid = { key: ec.privateKey, kid: "k1" }
    expect(boot({ ...base, client: privateKeyJwt, token: { clientPrivateKey: withKid } }).token?.clientPrivateKey).toEqual(withKid)
  })

  it("keeps a token URL next to the key", () => {
    const provider = boot({ ...base, client: privateKeyJwt, token: { url: "https://idp.example/t", clientPrivateKey: ec.privateKey } })
    expect(provider.token?.url?.href).toBe("https://idp.example/t")
  })

  it("accepts client_secret_jwt with a client secret", () => {
    expect(boot({ ...base, clientSecret: "x", client: { token_endpoint_auth_method: "client_secret_jwt" } }).clientSecret).toBe("x")
  })

  const refused: Array<[string, () => Record<string, unknown>, string]> = [
    ["private_key_jwt without a key", () => ({ ...base, client: privateKeyJwt }), "uses private_key_jwt and needs providers[0].token.clientPrivateKey"],
    ["private_key_jwt with a token URL string only", () => ({ ...base, client: privateKeyJwt, token: "https://idp.example/t" }), "needs providers[0].token.clientPrivateKey"],
    ["a JWK instead of a CryptoKey", () => ({ ...base, client: privateKeyJwt, token: { clientPrivateKey: { kty: "EC", d: "x" } } }), "must be a CryptoKey or { key: CryptoKey, kid?: string }"],
    ["a PEM string", () => ({ ...base, client: privateKeyJwt, token: { clientPrivateKey: "-----BEGIN PRIVATE KEY-----" } }), "must be a CryptoKey"],
    ["a public key", () => ({ ...base, client: privateKeyJwt, token: { clientPrivateKey: ec.publicKey } }), "must be a private key, not a public key"],
    ["a verify-only key", () => ({ ...base, client: privateKeyJwt, token: { clientPrivateKey: verifyOnly } }), "must be a private key"],
    ["an HMAC key", () => ({ ...base, client: privateKeyJwt, token: { clientPrivateKey: hmac } }), "must be a private key, not a secret key"],
    ["an empty kid", () => ({ ...base, client: privateKeyJwt, token: { clientPrivateKey: { key: ec.privateKey, kid: "" } } }), "clientPrivateKey.kid must be a non-empty string"],
    ["client_secret_jwt without a secret", () => ({ ...base, client: { token_endpoint_auth_method: "client_secret_jwt" } }), "has no clientSecret: set AUTH_CORP_SECRET"],
    ["an unknown method", () => ({ ...base, clientSecret: "x", client: { token_endpoint_auth_method: "tls_client_auth" } }), '"client_secret_jwt", "private_key_jwt", "none"'],
  ]
  it.each(refused)("fails boot for %s, naming the fix", (_name, provider, message) => {
    expect(() => boot(provider())).toThrow(TypeError)
    expect(() => boot(provider())).toThrow(message)
  })
})
