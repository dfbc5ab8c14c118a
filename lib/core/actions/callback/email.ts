import { randomUUID } from "node:crypto"
import type { AdapterUser } from "../../vocabulary/adapter.js"
import { adapterCall } from "../../adapter/call.js"
import type { InternalEmailProvider } from "../../config/types.js"
import type { RequestContext } from "../../context.js"
import { hashVerificationToken, verificationSecret } from "../../email/verification-token.js"
import { Verification } from "../../vocabulary/errors.js"
import type { Account } from "../../vocabulary/models.js"
import { redirect } from "../../responses.js"
import { runSignInCallback } from "../../sign-in-callback.js"
import type { AuthResponse } from "../../vocabulary/http.js"
import { completeEmailLogin } from "./login.js"

/**
 * GET callback/:email-provider?token&email (§7.12): the link from the email. The adapter hands
 * the stored token back once (and deletes it); a missing, unknown, used or expired token, or one
 * issued for another address, is `Verification` (the 403 error page).
 */
export async function emailCallback(ctx: RequestContext, provider: InternalEmailProvider): Promise<AuthResponse> {
  const { config } = ctx
  const { token, email } = ctx.request.query
  // Auth.js answers a link without a token with Configuration (a 500 page); it is a bad link.
  if (!token) throw new Verification("The sign-in link has no token")

  const invite = await adapterCall(config, "useVerificationToken", {
    // Auth.js passes the address from the link as is (undefined when the link has none).
    identifier: email as string,
    token: hashVerificationToken(token, verificationSecret(config, provider)),
  })
  if (!invite) throw new Verification("The sign-in token is unknown or was used")
  if (new Date(invite.expires).valueOf() < Date.now()) throw new Verification("The sign-in token has expired")
  if (email !== undefined && invite.identifier !== email) throw new Verification("The sign-in token is for another address")

  const identifier = invite.identifier
  const existing = await adapterCall(config, "getUserByEmail", identifier)
  const user: AdapterUser = existing ?? { id: randomUUID(), email: identifier, emailVerified: null }
  const account: Account = { providerAccountId: identifier, userId: user.id, type: "email", provider: provider.id }
  const target = await runSignInCallback(ctx, { user, account })
  if (target) return redirect(target, ctx.request, ctx.initCookies)
  return completeEmailLogin(ctx, { email: identifier, account })
}
