import { randomBytes } from "node:crypto"
import { adapterCall } from "../adapter/call.js"
import type { InternalWebAuthnProvider } from "../config/types.js"
import type { RequestContext } from "../context.js"
import type { SetCookie } from "../vocabulary/http.js"
import type { WebAuthnUserInfo } from "../../providers/types.js"
import { webauthnChallenge, type RegisterData } from "./challenge.js"
import { fromBase64, relyingParty, stringToTransports } from "./hooks.js"

export type WebAuthnAction = "authenticate" | "register"

/**
 * §4.12: which ceremony the options request gets. An explicit `authenticate` always; `register`
 * for a signed-in user adding a passkey, or a signed-out user naming a new address; without an
 * action, signed-out users authenticate unless they name a new address. Null: a bad request.
 */
export function chooseAction(
  asked: WebAuthnAction | undefined,
  signedIn: boolean,
  info: WebAuthnUserInfo | null,
): WebAuthnAction | null {
  const exists = info?.exists ?? false
  if (asked === "authenticate") return "authenticate"
  if (asked === "register") return info?.user && signedIn === exists ? "register" : null
  if (signedIn) return null
  return info?.user && !exists ? "register" : "authenticate"
}

export interface CeremonyOptions {
  options: Record<string, unknown>
  cookie: SetCookie
}

/** Options for `navigator.credentials.get()`, with the user's own credentials when they are known. */
export async function authenticationOptions(
  ctx: RequestContext,
  provider: InternalWebAuthnProvider,
  user: WebAuthnUserInfo["user"] | undefined,
): Promise<CeremonyOptions> {
  const known = user?.id ? await adapterCall(ctx.config, "listAuthenticatorsByUserId", String(user.id)) : null
  const options = await provider.simpleWebAuthn.generateAuthenticationOptions({
    ...structuredClone(provider.authenticationOptions ?? {}),
    rpID: relyingParty(ctx, provider).id,
    allowCredentials: known?.map(descriptor),
  })
  return { options, cookie: await webauthnChallenge.create(ctx, provider, { challenge: options.challenge }) }
}

/** Options for `navigator.credentials.create()`; the user to create travels in the challenge cookie. */
export async function registrationOptions(
  ctx: RequestContext,
  provider: InternalWebAuthnProvider,
  user: RegisterData & { email: string },
): Promise<CeremonyOptions> {
  const known = user.id ? await adapterCall(ctx.config, "listAuthenticatorsByUserId", String(user.id)) : null
  const rp = relyingParty(ctx, provider)
  const options = await provider.simpleWebAuthn.generateRegistrationOptions({
    ...structuredClone(provider.registrationOptions ?? {}),
    // A random handle, as Auth.js: credentials are tied to users through the authenticator rows.
    userID: randomBytes(24).toString("base64url"),
    userName: user.email,
    userDisplayName: user.name ?? undefined,
    rpID: rp.id,
    rpName: rp.name,
    excludeCredentials: known?.map(descriptor),
  })
  const cookie = await webauthnChallenge.create(ctx, provider, { challenge: options.challenge, registerData: user })
  return { options, cookie }
}

function descriptor(a: { credentialID: string; transports?: string | null }) {
  return { id: fromBase64(a.credentialID), type: "public-key", transports: stringToTransports(a.transports) }
}
