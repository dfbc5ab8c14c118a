import type { Adapter } from "../vocabulary/adapter.js"
import {
  DuplicateConditionalUI,
  ExperimentalFeatureNotEnabled,
  MissingAdapter,
  MissingAdapterMethods,
  MissingWebAuthnAutocomplete,
} from "../vocabulary/errors.js"
import type { WebAuthnUserInfo } from "../../providers/types.js"
import { DEFAULT_WEBAUTHN } from "./defaults.js"
import { isPlainObject } from "../records.js"
import type { InternalProvider, InternalWebAuthnProvider } from "./types.js"

const PEER_FUNCTIONS = [
  "generateRegistrationOptions",
  "generateAuthenticationOptions",
  "verifyRegistrationResponse",
  "verifyAuthenticationResponse",
] as const

/** What a WebAuthn provider needs of the adapter (§1.7 item 8, plus the two lookups Auth.js calls without checking). */
const webauthnMethods: Array<keyof Adapter> = [
  "createUser", "getUser", "getUserByEmail", "getUserByAccount", "linkAccount", "getAccount",
  "getAuthenticator", "createAuthenticator", "listAuthenticatorsByUserId", "updateAuthenticatorCounter",
]

/** The options object Auth.js hands its WebAuthn hooks: the parts they read. */
export interface WebAuthnHookOptions {
  adapter?: Adapter
  provider: InternalWebAuthnProvider
  /** The auth URL (origin + basePath). */
  url: URL
}

/** The request Auth.js hands its WebAuthn hooks. */
export interface WebAuthnHookRequest {
  method: string
  query: Readonly<Record<string, string>>
  body?: Readonly<Record<string, unknown>>
  headers: Readonly<Record<string, string | undefined>>
  cookies: Readonly<Record<string, string>>
}

/** §8.5: checks a `type: "webauthn"` provider and fills Auth.js's defaults. */
export function resolveWebAuthnProvider(draft: Record<PropertyKey, unknown>, path: string): InternalWebAuthnProvider {
  const name = `${path} (${String(draft.id)})`
  const peer = draft.simpleWebAuthn
  if (!isPlainObject(peer) || PEER_FUNCTIONS.some((fn) => typeof peer[fn] !== "function")) {
    throw new TypeError(
      `${name} has no simpleWebAuthn functions: use Passkey from "nestjs-authjs/providers/passkey" ` +
        `(and npm install @simplewebauthn/server@^13)`,
    )
  }
  if (draft.formFields !== undefined && !isPlainObject(draft.formFields)) throw new TypeError(`${path}.formFields must be an object`)
  if (draft.relayingParty !== undefined && !isPlainObject(draft.relayingParty)) {
    throw new TypeError(`${path}.relayingParty must be an object`)
  }
  for (const hook of ["getUserInfo", "getRelayingParty"] as const) {
    if (draft[hook] !== undefined && typeof draft[hook] !== "function") throw new TypeError(`${path}.${hook} must be a function`)
  }
  return Object.freeze({
    ...draft,
    enableConditionalUI: (draft.enableConditionalUI as boolean | undefined) ?? DEFAULT_WEBAUTHN.enableConditionalUI,
    getUserInfo: draft.getUserInfo ?? defaultGetUserInfo,
    getRelayingParty: draft.getRelayingParty ?? defaultRelayingParty,
  }) as unknown as InternalWebAuthnProvider
}

/** §1.7 items 5 and 8, for a config with WebAuthn providers. Returns true when there is one. */
export function assertWebAuthn(input: {
  providers: readonly InternalProvider[]
  adapter?: Adapter
  enabled: boolean
}): boolean {
  const webauthn = input.providers.filter((p): p is InternalWebAuthnProvider => p.type === "webauthn")
  if (webauthn.length === 0) return false
  const conditional = webauthn.filter((p) => p.enableConditionalUI)
  if (conditional.length > 1) {
    throw new DuplicateConditionalUI(
      `Providers ${conditional.map((p) => p.id).join(", ")} all set enableConditionalUI: only one WebAuthn provider may.`,
    )
  }
  const autofill = conditional[0]
  if (autofill && !Object.values(autofill.formFields ?? {}).some((f) => String(f?.autocomplete ?? "").includes("webauthn"))) {
    throw new MissingWebAuthnAutocomplete(
      `Provider "${autofill.id}" sets enableConditionalUI, but none of its formFields has "webauthn" in its autocomplete.`,
    )
  }
  if (!input.enabled) {
    throw new ExperimentalFeatureNotEnabled(
      `Provider "${webauthn[0]!.id}" is a WebAuthn provider, experimental in Auth.js: set experimental: { enableWebAuthn: true }.`,
    )
  }
  if (!input.adapter) {
    throw new MissingAdapter(`Provider "${webauthn[0]!.id}" (WebAuthn) needs an adapter to store users and authenticators.`)
  }
  const missing = webauthnMethods.filter((m) => typeof input.adapter![m] !== "function")
  if (missing.length) throw new MissingAdapterMethods(`WebAuthn needs the adapter methods ${missing.join(", ")}`)
  return true
}

/** Loads the optional peer of every WebAuthn provider that can load it early, so a missing one fails boot. */
export async function loadWebAuthnPeers(providers: readonly InternalProvider[]): Promise<void> {
  for (const provider of providers) {
    if (provider.type !== "webauthn") continue
    const ready = (provider.simpleWebAuthn as { ready?: unknown }).ready
    if (typeof ready === "function") await ready()
  }
}

/** Auth.js's default: the `email` of the query (GET) or body (POST), looked up by email. */
async function defaultGetUserInfo(options: WebAuthnHookOptions, request: WebAuthnHookRequest): Promise<WebAuthnUserInfo | null> {
  const email = request.method === "POST" ? request.body?.email : request.query.email
  if (!email || typeof email !== "string") return null
  const existing = await options.adapter?.getUserByEmail?.(email)
  return existing ? { user: existing, exists: true } : { user: { email }, exists: false }
}

/** Auth.js's default: the configured relying party (first of each list), else the auth URL's. */
function defaultRelayingParty(options: WebAuthnHookOptions): { id: string; name: string; origin: string } {
  const rp = options.provider.relayingParty ?? {}
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)
  return {
    id: first(rp.id) ?? options.url.hostname,
    name: first(rp.name) ?? options.url.host,
    origin: first(rp.origin) ?? options.url.origin,
  }
}
