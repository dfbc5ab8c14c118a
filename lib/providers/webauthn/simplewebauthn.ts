import type { SimpleWebAuthnFunctions } from "../types.js"

/**
 * `@simplewebauthn/server` as the WebAuthn code calls it: with the arguments and results of v9, the
 * version Auth.js's provider objects carry. v13 changed those shapes (user ids as bytes, credential
 * ids as base64url, `credential` instead of `authenticator`); this translates both ways, so v13 can
 * be installed: it pads short ECDSA signatures, which v9 rejects (about one passkey sign-in in 128
 * fails with v9, in Auth.js as here).
 */
export function simpleWebAuthnFrom(loaded: SimpleWebAuthnFunctions): SimpleWebAuthnFunctions {
  let modern: Promise<boolean> | undefined
  // v13 answers a byte user id with its base64url text; v9 echoes what it got.
  const isModern = () =>
    (modern ??= loaded
      .generateRegistrationOptions({ rpName: "probe", rpID: "probe.invalid", userName: "probe", userID: new Uint8Array([1]) })
      .then((options: { user?: { id?: unknown } }) => options.user?.id === "AQ"))
  return {
    generateRegistrationOptions: async (options) => {
      if (!(await isModern())) return loaded.generateRegistrationOptions(options)
      const result = await loaded.generateRegistrationOptions({
        ...options,
        userID: typeof options.userID === "string" ? new TextEncoder().encode(options.userID) : options.userID,
        excludeCredentials: options.excludeCredentials?.map(descriptor),
      })
      // The browser script reads v9's user id: the handle's text, not its base64url.
      return { ...result, user: { ...result.user, id: Buffer.from(result.user.id, "base64url").toString("utf8") } }
    },
    generateAuthenticationOptions: async (options) =>
      (await isModern())
        ? loaded.generateAuthenticationOptions({ ...options, allowCredentials: options.allowCredentials?.map(descriptor) })
        : loaded.generateAuthenticationOptions(options),
    verifyRegistrationResponse: async (options) => {
      const result = await loaded.verifyRegistrationResponse(options)
      if (!(await isModern()) || !result?.registrationInfo) return result
      const { credential, ...info } = result.registrationInfo
      return {
        ...result,
        registrationInfo: {
          ...info,
          credentialID: new Uint8Array(Buffer.from(credential.id, "base64url")),
          credentialPublicKey: credential.publicKey,
          counter: credential.counter,
        },
      }
    },
    verifyAuthenticationResponse: async (options) => {
      if (!(await isModern())) return loaded.verifyAuthenticationResponse(options)
      const { credentialID, credentialPublicKey, counter, transports } = options.authenticator
      const { authenticator: _v9, ...rest } = options
      return loaded.verifyAuthenticationResponse({
        ...rest,
        credential: { id: Buffer.from(credentialID).toString("base64url"), publicKey: credentialPublicKey, counter, transports },
      })
    },
  }
}

/** v9 takes credential ids as bytes; v13 as base64url text. */
function descriptor(credential: { id: Uint8Array | string; transports?: string[] }) {
  const id = typeof credential.id === "string" ? credential.id : Buffer.from(credential.id).toString("base64url")
  return { id, transports: credential.transports }
}
