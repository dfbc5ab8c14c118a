import { generateKeyPairSync, type JsonWebKey } from "node:crypto"

/**
 * A fresh RSA key pair as JWKs, exported by the key generation itself. Generating a key and then
 * exporting the KeyObject (jose's generateKeyPair + exportJWK) can deadlock Node 20 when a
 * collection finalises the finished generation job during the export: both take the same lock.
 * The sample's IdP hung that way once in CI.
 */
export function rsaKeyPairJwk(): { publicJwk: JsonWebKey; privateJwk: JsonWebKey } {
  // @types/node leaves out the "jwk" encoding that Node accepts here (since 15.9).
  const generate = generateKeyPairSync as unknown as (type: "rsa", options: object) => { publicKey: JsonWebKey; privateKey: JsonWebKey }
  const { publicKey, privateKey } = generate("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { format: "jwk" },
    privateKeyEncoding: { format: "jwk" },
  })
  return { publicJwk: publicKey, privateJwk: privateKey }
}
