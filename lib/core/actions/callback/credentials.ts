import { randomUUID } from "node:crypto"
import type { InternalCredentialsProvider } from "../../config/types.js"
import type { RequestContext } from "../../context.js"
import { CallbackRouteError, CredentialsSignin, isAuthErrorLike, MissingCSRF } from "../../vocabulary/errors.js"
import { fireEvent } from "../../events.js"
import { sessionCookiesFor, signInToken } from "../../session/mint-session.js"
import type { Account, User } from "../../vocabulary/models.js"
import { redirect } from "../../responses.js"
import { clearSessionCookie, readSessionCookie } from "../../session/cookie-store.js"
import { runSignInCallback } from "../../sign-in-callback.js"
import type { AuthResponse } from "../../vocabulary/http.js"
import { toWebRequest } from "../../web-request.js"
import { reserveCredentialsAttempt } from "../../limits/sign-in-limits.js"

/**
 * POST callback/:credentials (§7.13): `authorize` decides; the session is always a JWT cookie and the
 * adapter is never touched, as in Auth.js.
 */
export async function credentialsCallback(ctx: RequestContext, provider: InternalCredentialsProvider): Promise<AuthResponse> {
  if (!ctx.csrfVerified) throw new MissingCSRF("CSRF token missing or invalid")
  const credentials = { ...(ctx.request.body ?? {}) }
  // Throws SignInLimited (answered as CredentialsSignin) when the account or client is out of attempts.
  const attempt = await reserveCredentialsAttempt(ctx.config, ctx.request, provider, credentials)

  let authorized: User | null | undefined
  try {
    // Auth.js hands `authorize` a Web Request: the callback URL, the original headers, a JSON body.
    const request = toWebRequest(ctx.request, `${ctx.baseUrl}/callback/${provider.id}`, credentials)
    authorized = await provider.authorize(credentials as any, request)
  } catch (error) {
    if (isAuthErrorLike(error)) {
      // A refusal counts as a failed attempt; any other AuthError says nothing about the password.
      if (error.type !== "CredentialsSignin") await attempt.abandoned()
      throw error
    }
    await attempt.abandoned()
    throw new CallbackRouteError("authorize threw", { cause: error })
  }
  if (!authorized) throw new CredentialsSignin("authorize returned no user")
  // The credentials were right, even if the signIn callback refuses the user below.
  await attempt.succeeded()

  const user: User = { ...authorized, id: authorized.id != null ? String(authorized.id) : randomUUID() }
  const account: Account = { providerAccountId: user.id!, type: "credentials", provider: provider.id }
  const target = await runSignInCallback(ctx, { user, account, credentials: credentials as any })
  if (target) return redirect(target, ctx.request, ctx.initCookies)

  const { config } = ctx
  const def = ctx.cookies.sessionToken
  const { names } = readSessionCookie(ctx.request.cookies, def.name)
  const token = await signInToken(config, { user, account, isNewUser: false })
  const cookies = [
    ...ctx.initCookies,
    ...(token ? await sessionCookiesFor(config, token, def, names) : clearSessionCookie(def, names)),
  ]
  await fireEvent(config, "signIn", { user, account })
  return redirect(ctx.callbackUrl, ctx.request, cookies)
}
