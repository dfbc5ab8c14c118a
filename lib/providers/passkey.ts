import { simpleWebAuthnFrom } from "./webauthn/simplewebauthn.js"
import type { SimpleWebAuthnFunctions, WebAuthnConfig } from "./types.js"

/** What users pass to `Passkey({...})`: any provider field, replacing the default of the same name. */
export type PasskeyUserConfig = Partial<Omit<WebAuthnConfig, "options" | "type">>

/** Auth.js's WebAuthn timeout: five minutes, in milliseconds. */
const TIMEOUT = 5 * 60 * 1000

/**
 * Sign in with a passkey (WebAuthn with resident keys and user verification required), as Auth.js's
 * `Passkey` provider. Needs `experimental: { enableWebAuthn: true }` and an adapter with the
 * authenticator methods (`@auth/drizzle-adapter`, `@auth/prisma-adapter`, `MemoryAdapter`, ...).
 *
 * `@simplewebauthn/server` is an optional peer dependency: `npm install @simplewebauthn/server@^13`
 * (v9, Auth.js's, works too, but rejects about one signature in 128). `AuthModule` loads it at
 * start-up and fails to boot, naming the package, when it is missing.
 *
 * @example
 * ```ts
 * import Passkey from "nestjs-authjs/providers/passkey"
 * AuthModule.forRoot({ adapter, providers: [Passkey], experimental: { enableWebAuthn: true } })
 * ```
 */
export default function Passkey(config?: PasskeyUserConfig): WebAuthnConfig {
  return {
    id: "passkey",
    name: "Passkey",
    type: "webauthn",
    enableConditionalUI: true,
    formFields: { email: { label: "Email", required: true, autocomplete: "username webauthn" } },
    authenticationOptions: { timeout: TIMEOUT, userVerification: "required" },
    registrationOptions: {
      timeout: TIMEOUT,
      authenticatorSelection: { residentKey: "required", userVerification: "required" },
    },
    verifyAuthenticationOptions: { requireUserVerification: true },
    verifyRegistrationOptions: { requireUserVerification: true },
    simpleWebAuthn: lazySimpleWebAuthn,
    // A shallow spread, as Auth.js: your `formFields` or `registrationOptions` replace ours whole.
    ...config,
  }
}

type Peer = SimpleWebAuthnFunctions
/** Cache of the loaded optional peer (one import per process). */
let peerCache: Promise<Peer> | undefined

/** Loads `@simplewebauthn/server` on first use; a missing package is named with the command to install it. */
function loadSimpleWebAuthn(): Promise<Peer> {
  peerCache ??= import("@simplewebauthn/server").then(
    // CommonJS builds see the package's functions on `default`.
    (loaded: unknown) =>
      simpleWebAuthnFrom((loaded as { default?: Peer }).default?.verifyRegistrationResponse ? (loaded as { default: Peer }).default : (loaded as Peer)),
    (cause: unknown) => {
      peerCache = undefined
      throw new Error("The Passkey provider needs @simplewebauthn/server: npm install @simplewebauthn/server@^13", { cause })
    },
  )
  return peerCache
}

/** The peer's four functions, each loading it first; `ready` lets start-up load it early. */
const lazySimpleWebAuthn: SimpleWebAuthnFunctions & { ready(): Promise<unknown> } = {
  generateRegistrationOptions: async (options) => (await loadSimpleWebAuthn()).generateRegistrationOptions(options),
  generateAuthenticationOptions: async (options) => (await loadSimpleWebAuthn()).generateAuthenticationOptions(options),
  verifyRegistrationResponse: async (options) => (await loadSimpleWebAuthn()).verifyRegistrationResponse(options),
  verifyAuthenticationResponse: async (options) => (await loadSimpleWebAuthn()).verifyAuthenticationResponse(options),
  ready: () => loadSimpleWebAuthn(),
}
