import { adapterCall } from "../adapter/call.js"
import type { InternalWebAuthnProvider } from "../config/types.js"
import type { RequestContext } from "../context.js"
import type { AdapterAccount, AdapterAuthenticator, AdapterUser } from "../vocabulary/adapter.js"
import { AdapterError, WebAuthnVerificationError } from "../vocabulary/errors.js"
import type { SetCookie } from "../vocabulary/http.js"
import { webauthnChallenge, type RegisterData } from "./challenge.js"
import { fromBase64, relyingParty, stringToTransports, toBase64, transportsToString } from "./hooks.js"

type Response = Record<string, unknown> & { id: string; response?: Record<string, unknown> }

/**
 * The browser's credential from the callback body: `data` is its JSON (Auth.js's form field).
 * Anything unreadable is the user's request failing verification, never a server error.
 */
export function readResponse(body: Readonly<Record<string, unknown>> | undefined): Response {
  let data: unknown
  try {
    data = typeof body?.data === "string" ? JSON.parse(body.data) : undefined
  } catch (cause) {
    throw new WebAuthnVerificationError("The WebAuthn response is not JSON", { cause })
  }
  const record = data as Response | null | undefined
  if (!record || typeof record !== "object" || typeof record.id !== "string" || !record.id) {
    throw new WebAuthnVerificationError("The WebAuthn response has no credential id")
  }
  return record
}

export interface Authenticated {
  user: AdapterUser
  account: AdapterAccount
  cookie: SetCookie
}

/** Authentication (§7.2 of WebAuthn): the stored public key must verify the signed challenge. */
export async function verifyAuthentication(ctx: RequestContext, provider: InternalWebAuthnProvider): Promise<Authenticated> {
  const { config } = ctx
  const data = readResponse(ctx.request.body)
  // Browsers send base64url; rows hold standard base64 (what Auth.js stores).
  const credentialID = toBase64(fromBase64(data.id))
  const stored = await adapterCall(config, "getAuthenticator", credentialID)
  if (!stored) throw new WebAuthnVerificationError("No authenticator is registered with this credential")
  const { challenge, cookie } = await webauthnChallenge.use(ctx, provider)

  const rp = relyingParty(ctx, provider)
  const result = await peerCall(() =>
    provider.simpleWebAuthn.verifyAuthenticationResponse({
      ...provider.verifyAuthenticationOptions,
      expectedChallenge: challenge,
      response: data,
      authenticator: {
        ...stored,
        credentialID: fromBase64(stored.credentialID),
        credentialPublicKey: fromBase64(stored.credentialPublicKey),
        transports: stringToTransports(stored.transports),
      },
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
    }),
  )
  if (!result?.verified) throw new WebAuthnVerificationError("The WebAuthn authentication response did not verify")
  const newCounter = Number(result.authenticationInfo?.newCounter ?? 0)
  try {
    await adapterCall(config, "updateAuthenticatorCounter", stored.credentialID, newCounter)
  } catch (cause) {
    throw new AdapterError("The authenticator counter could not be updated", { cause })
  }
  const account = await adapterCall(config, "getAccount", stored.providerAccountId, provider.id)
  if (!account) throw new WebAuthnVerificationError("The authenticator has no account")
  const user = await adapterCall(config, "getUser", account.userId)
  if (!user) throw new WebAuthnVerificationError("The authenticator's account has no user")
  return { user, account, cookie }
}

export interface Registered {
  user: RegisterData
  account: Pick<AdapterAccount, "provider" | "providerAccountId" | "type">
  authenticator: Omit<AdapterAuthenticator, "userId">
  cookie: SetCookie
}

/** Registration (§7.1 of WebAuthn): the new credential, for the user named in the challenge cookie. */
export async function verifyRegistration(ctx: RequestContext, provider: InternalWebAuthnProvider): Promise<Registered> {
  const data = readResponse(ctx.request.body)
  const { challenge, registerData, cookie } = await webauthnChallenge.use(ctx, provider)
  if (!registerData) throw new WebAuthnVerificationError("The challenge was not issued for a registration")
  const rp = relyingParty(ctx, provider)
  const result = await peerCall(() =>
    provider.simpleWebAuthn.verifyRegistrationResponse({
      ...provider.verifyRegistrationOptions,
      expectedChallenge: challenge,
      response: data,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
    }),
  )
  const info = result?.registrationInfo
  if (!result?.verified || !info) throw new WebAuthnVerificationError("The WebAuthn registration response did not verify")
  const credentialID = toBase64(info.credentialID)
  const account = { providerAccountId: credentialID, provider: provider.id, type: "webauthn" as const }
  const authenticator = {
    providerAccountId: credentialID,
    credentialID,
    credentialPublicKey: toBase64(info.credentialPublicKey),
    counter: Number(info.counter ?? 0),
    credentialBackedUp: Boolean(info.credentialBackedUp),
    credentialDeviceType: String(info.credentialDeviceType),
    transports: transportsToString(data.response?.transports),
  }
  return { user: registerData, account, authenticator, cookie }
}

/** The peer throws on every failed check (origin, RP id, challenge, signature, counter): one error type. */
async function peerCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (cause) {
    throw new WebAuthnVerificationError(cause instanceof Error ? cause.message : "WebAuthn verification failed", { cause })
  }
}
