import type { InternalWebAuthnProvider } from "../config/types.js"
import type { WebAuthnHookOptions, WebAuthnHookRequest } from "../config/webauthn-provider.js"
import type { RequestContext } from "../context.js"

/** The options object Auth.js's WebAuthn hooks read (`adapter`, `provider`, `url`), for this request. */
export function hookOptions(ctx: RequestContext, provider: InternalWebAuthnProvider): WebAuthnHookOptions {
  return { adapter: ctx.config.adapter, provider, url: new URL(ctx.baseUrl) }
}

/** The request as Auth.js's WebAuthn hooks read it. */
export function hookRequest(ctx: RequestContext): WebAuthnHookRequest {
  const { method, query, body, headers, cookies } = ctx.request
  return { method, query, body, headers, cookies }
}

/** The relying party for this request: the provider's hook, or the auth URL's origin and host. */
export function relyingParty(ctx: RequestContext, provider: InternalWebAuthnProvider): { id: string; name: string; origin: string } {
  return provider.getRelayingParty(hookOptions(ctx, provider), hookRequest(ctx))
}

/** Credential ids and keys are stored as standard base64 (Auth.js's format, so rows are shared). */
export function fromBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, "base64"))
}

export function toBase64(bytes: Uint8Array | ArrayBuffer): string {
  return Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString("base64")
}

/** Stored as one comma-separated string, as Auth.js does. */
export function transportsToString(transports: unknown): string | undefined {
  return Array.isArray(transports) && transports.every((t) => typeof t === "string") ? transports.join(",") : undefined
}

export function stringToTransports(text: string | null | undefined): string[] | undefined {
  return text ? text.split(",") : undefined
}
