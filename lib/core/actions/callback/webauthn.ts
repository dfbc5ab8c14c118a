import { randomUUID } from "node:crypto"
import { adapterCall } from "../../adapter/call.js"
import type { InternalWebAuthnProvider } from "../../config/types.js"
import type { RequestContext } from "../../context.js"
import { fireEvent } from "../../events.js"
import { redirect } from "../../responses.js"
import { runSignInCallback } from "../../sign-in-callback.js"
import type { AdapterAccount, AdapterAuthenticator, AdapterUser } from "../../vocabulary/adapter.js"
import { AccountNotLinked, InvalidProvider, WebAuthnVerificationError } from "../../vocabulary/errors.js"
import type { AuthResponse } from "../../vocabulary/http.js"
import type { RegisterData } from "../../webauthn/challenge.js"
import { verifyAuthentication, verifyRegistration } from "../../webauthn/verify.js"
import { currentUser, issueSession, newSession, type Linked } from "./login.js"

type NewAuthenticator = Omit<AdapterAuthenticator, "userId">
type WebAuthnAccount = Pick<AdapterAccount, "provider" | "providerAccountId" | "type">

/**
 * POST callback/:webauthn-provider (§4.8, §8.5): body `action` (`authenticate` or `register`) and
 * `data`, the browser's credential as JSON. Verified against the challenge cookie (then cleared),
 * the user is signed in, or created with their first authenticator, in either session strategy.
 */
export async function webauthnCallback(ctx: RequestContext, provider: InternalWebAuthnProvider): Promise<AuthResponse> {
  if (ctx.request.method !== "POST") throw new InvalidProvider("WebAuthn callbacks are POST only")
  const action = ctx.request.body?.action
  let user: AdapterUser | RegisterData
  let account: WebAuthnAccount
  let authenticator: NewAuthenticator | undefined
  let challengeCookie
  if (action === "authenticate") {
    ;({ user, account, cookie: challengeCookie } = await verifyAuthentication(ctx, provider))
  } else if (action === "register") {
    ;({ user, account, authenticator, cookie: challengeCookie } = await verifyRegistration(ctx, provider))
  } else {
    throw new WebAuthnVerificationError("The WebAuthn callback needs action=authenticate or action=register")
  }

  const target = await runSignInCallback(ctx, { user: user as AdapterUser, account })
  if (target) return redirect(target, ctx.request, [...ctx.initCookies, challengeCookie])
  const linked = await linkWebAuthnUser(ctx, user, account, authenticator)
  return issueSession(ctx, linked, { account: { ...account, userId: String(linked.user.id) }, cookies: [challengeCookie] })
}

/**
 * §10.2 step 4: OAuth's linking rules with `AccountNotLinked`, and never by email: an address typed
 * into a form proves nothing. A new credential is stored before any session is made for it.
 */
async function linkWebAuthnUser(
  ctx: RequestContext,
  user: AdapterUser | RegisterData,
  account: WebAuthnAccount,
  authenticator: NewAuthenticator | undefined,
): Promise<Linked> {
  const { config } = ctx
  const current = await currentUser(ctx)
  const { provider, providerAccountId } = account
  const byAccount = await adapterCall(config, "getUserByAccount", { provider, providerAccountId })
  if (byAccount) {
    if (current && String(current.id) !== String(byAccount.id)) throw new AccountNotLinked("The passkey belongs to another user")
    if (authenticator) await storeAuthenticator(ctx, authenticator, byAccount.id)
    return { user: byAccount, isNewUser: false, sessionToken: current ? undefined : await newSession(ctx, byAccount) }
  }
  if (current) {
    const linked = { ...account, userId: current.id }
    await adapterCall(config, "linkAccount", linked)
    await fireEvent(config, "linkAccount", { user: current, account: linked, profile: user })
    if (authenticator) await storeAuthenticator(ctx, authenticator, current.id)
    return { user: current, isNewUser: false }
  }
  if (user.email && (await adapterCall(config, "getUserByEmail", user.email))) {
    throw new AccountNotLinked("Another user already has this email address")
  }
  const { id: _discard, ...fields } = user
  const created = await adapterCall(config, "createUser", { ...fields, id: randomUUID(), emailVerified: null } as AdapterUser)
  await fireEvent(config, "createUser", { user: created })
  const linked = { ...account, userId: created.id }
  await adapterCall(config, "linkAccount", linked)
  await fireEvent(config, "linkAccount", { user: created, account: linked, profile: user })
  if (authenticator) await storeAuthenticator(ctx, authenticator, created.id)
  return { user: created, isNewUser: true, sessionToken: await newSession(ctx, created) }
}

function storeAuthenticator(ctx: RequestContext, authenticator: NewAuthenticator, userId: string) {
  return adapterCall(ctx.config, "createAuthenticator", { ...authenticator, userId })
}
