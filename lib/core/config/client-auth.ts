import { types } from "node:util"
import type { ClientAuthMethod, ClientCryptoKey } from "../../providers/types.js"
import { isPlainObject } from "../records.js"

const METHODS: readonly ClientAuthMethod[] = [
  "client_secret_basic",
  "client_secret_post",
  "client_secret_jwt",
  "private_key_jwt",
  "none",
]

/** WebCrypto algorithms oauth4webapi can sign a client assertion with. */
const SIGNING_ALGORITHMS = new Set(["RSASSA-PKCS1-v1_5", "RSA-PSS", "ECDSA", "Ed25519", "EdDSA"])

/** The provider object being resolved (its `clientSecret`, `client` and `token` are read). */
export type ClientAuthDraft = Record<PropertyKey, unknown>

/**
 * §7.6 at start-up: the client authentication method is one we implement, and what it needs is
 * there: a `clientSecret` for the `client_secret_*` methods, a usable `token.clientPrivateKey`
 * for `private_key_jwt`. Auth.js only fails at the first callback; we fail boot, naming the fix.
 */
export function assertClientAuthentication(draft: ClientAuthDraft, path: string, name: string, envKey: string): void {
  const method = (draft.client as { token_endpoint_auth_method?: unknown } | undefined)?.token_endpoint_auth_method
  if (method !== undefined && !METHODS.includes(method as ClientAuthMethod)) {
    throw new TypeError(
      `${path}.client.token_endpoint_auth_method must be one of ${METHODS.map((m) => `"${m}"`).join(", ")}`,
    )
  }
  if (method === "private_key_jwt") {
    assertPrivateKey(isPlainObject(draft.token) ? draft.token.clientPrivateKey : undefined, path, name)
    return
  }
  if (method !== "none" && (typeof draft.clientSecret !== "string" || draft.clientSecret === "")) {
    throw new TypeError(`${name} has no clientSecret: set ${envKey}_SECRET or pass clientSecret`)
  }
}

function assertPrivateKey(value: unknown, path: string, name: string): void {
  const where = `${path}.token.clientPrivateKey`
  if (value === undefined) {
    throw new TypeError(
      `${name} uses private_key_jwt and needs ${where}: a private CryptoKey (or { key, kid }) that can sign`,
    )
  }
  const key = isPlainObject(value) ? value.key : value
  if (!isCryptoKey(key)) {
    throw new TypeError(`${where} must be a CryptoKey or { key: CryptoKey, kid?: string } (import a JWK or PEM with crypto.subtle.importKey or jose)`)
  }
  if (isPlainObject(value) && value.kid !== undefined && (typeof value.kid !== "string" || value.kid === "")) {
    throw new TypeError(`${where}.kid must be a non-empty string`)
  }
  if (key.type !== "private") throw new TypeError(`${where} must be a private key, not a ${key.type} key`)
  if (!key.usages.includes("sign")) throw new TypeError(`${where} must allow the "sign" usage`)
  if (!SIGNING_ALGORITHMS.has(key.algorithm.name)) {
    throw new TypeError(`${where} is an ${key.algorithm.name} key: use an RSA, RSA-PSS, ECDSA or Ed25519 key`)
  }
}

/** A WebCrypto key (the global `CryptoKey` class is not in the build's type libraries). */
function isCryptoKey(value: unknown): value is ClientCryptoKey {
  return types.isCryptoKey(value)
}
