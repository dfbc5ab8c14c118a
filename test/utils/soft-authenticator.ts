import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto"
import { isoCBOR } from "@simplewebauthn/server/helpers"

const b64u = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString("base64url")
const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest()

/** One credential of the software authenticator: an ES256 key pair and its signature counter. */
export interface SoftCredential {
  id: Buffer
  privateKey: KeyObject
  publicKey: KeyObject
  counter: number
  rpId: string
}

/**
 * A WebAuthn authenticator in plain Node (ES256, "none" attestation, user present and verified):
 * it answers the options our server and Auth.js's hand out with the JSON a browser running
 * `@simplewebauthn/browser` v9 would post. Every field can be bent to test a refusal.
 */
export class SoftAuthenticator {
  readonly credentials: SoftCredential[] = []

  constructor(readonly origin: string) {}

  /** `navigator.credentials.create()` for registration options. */
  register(options: { challenge: string; rp: { id: string } }, bend: { origin?: string; rpId?: string } = {}) {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" })
    const rpId = bend.rpId ?? options.rp.id
    const credential: SoftCredential = { id: randomBytes(32), privateKey, publicKey, counter: 0, rpId }
    const jwk = publicKey.export({ format: "jwk" })
    const cose = new Map<number, unknown>([
      [1, 2], [3, -7], [-1, 1],
      [-2, Buffer.from(jwk.x!, "base64url")], [-3, Buffer.from(jwk.y!, "base64url")],
    ])
    const idLength = Buffer.alloc(2)
    idLength.writeUInt16BE(credential.id.length)
    const authData = Buffer.concat([
      authHeader(rpId, 0x45, 0), Buffer.alloc(16), idLength, credential.id, Buffer.from(isoCBOR.encode(cose as never)),
    ])
    const attestationObject = isoCBOR.encode(new Map<string, unknown>([["fmt", "none"], ["attStmt", new Map()], ["authData", authData]]) as never)
    const clientData = { type: "webauthn.create", challenge: options.challenge, origin: bend.origin ?? this.origin, crossOrigin: false }
    this.credentials.push(credential)
    return {
      credential,
      response: {
        id: b64u(credential.id),
        rawId: b64u(credential.id),
        type: "public-key",
        response: {
          clientDataJSON: b64u(Buffer.from(JSON.stringify(clientData))),
          attestationObject: b64u(attestationObject),
          transports: ["internal"],
        },
        clientExtensionResults: {},
        authenticatorAttachment: "platform",
      },
    }
  }

  /** `navigator.credentials.get()`: signs the challenge with `credential` and bumps its counter. */
  authenticate(
    options: { challenge: string },
    credential: SoftCredential = this.credentials[0]!,
    bend: { origin?: string; rpId?: string; counter?: number; tamper?: boolean; shortSignature?: boolean } = {},
  ) {
    credential.counter = bend.counter ?? credential.counter + 1
    const authData = authHeader(bend.rpId ?? credential.rpId, 0x05, credential.counter)
    const clientDataJSON = Buffer.from(
      JSON.stringify({ type: "webauthn.get", challenge: options.challenge, origin: bend.origin ?? this.origin, crossOrigin: false }),
    )
    const signature = signWith(Buffer.concat([authData, sha256(clientDataJSON)]), credential.privateKey, bend.shortSignature ? 31 : 32)
    if (bend.tamper) signature[signature.length - 1]! ^= 0xff
    return {
      id: b64u(credential.id),
      rawId: b64u(credential.id),
      type: "public-key",
      response: {
        authenticatorData: b64u(authData),
        clientDataJSON: b64u(clientDataJSON),
        signature: b64u(signature),
      },
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
    }
  }
}

/** rpIdHash, flags (UP 0x01, UV 0x04, AT 0x40) and the big-endian signature counter. */
function authHeader(rpId: string, flags: number, counter: number): Buffer {
  const count = Buffer.alloc(4)
  count.writeUInt32BE(counter)
  return Buffer.concat([sha256(rpId), Buffer.from([flags]), count])
}

/**
 * An ES256 signature whose r and s are both 32-byte numbers, or (`shortest: 31`) one of them shorter,
 * as real authenticators make about once in 128 signatures. @simplewebauthn/server 9 (the version
 * @auth/core 0.41 accepts) does not pad a short r or s when it unwraps the DER signature, so it
 * rejects those, in Auth.js as here; v10 fixed it. Tests choose which kind they sign. DER pads a
 * number whose top bit is set with a zero byte, so a 32-byte field can still hold a 31-byte number:
 * count the bytes of the number, not of the field.
 */
function signWith(data: Buffer, key: KeyObject, shortest: 31 | 32): Buffer {
  for (;;) {
    const der = sign("sha256", data, key)
    const rLength = der[3]!
    const r = der.subarray(4, 4 + rLength)
    const s = der.subarray(6 + rLength, 6 + rLength + der[5 + rLength]!)
    if (Math.min(numberLength(r), numberLength(s)) === shortest) return der
  }
}

/** The length of a DER integer's value without its leading zero bytes. */
function numberLength(field: Buffer): number {
  let start = 0
  while (start < field.length - 1 && field[start] === 0) start++
  return field.length - start
}
