import { randomUUID } from "node:crypto"
import type { AdapterUser } from "../vocabulary/adapter.js"
import { adapterCall } from "../adapter/call.js"
import type { InternalEmailProvider } from "../config/types.js"
import type { RequestContext } from "../context.js"
import { normalizeIdentifier, assertSafeIdentifier } from "../email/normalize-identifier.js"
import {
  hashVerificationToken,
  newVerificationToken,
  verificationExpiry,
  verificationSecret,
} from "../email/verification-token.js"
import { EmailSignInError } from "../vocabulary/errors.js"
import type { Account } from "../vocabulary/models.js"
import { redirect, withQuery } from "../responses.js"
import { runSignInCallback } from "../sign-in-callback.js"
import type { AuthResponse } from "../vocabulary/http.js"
import { toWebRequest } from "../web-request.js"
import { requestOrigin } from "../origin.js"
import { resolveCallbackUrl } from "../callback-url.js"
import { emailAllowed } from "../limits/sign-in-limits.js"

/**
 * POST signin/:email-provider (§7.12), CSRF already verified: normalise the address, ask the
 * `signIn` callback, store the hashed token, send the link, then show "check your email".
 *
 * Unlike Auth.js (a 500 `Configuration` page), an unusable address or a mail that could not be sent
 * goes back to the sign-in page with `error=EmailSignin`: the user can correct it and retry.
 */
export async function emailSignIn(ctx: RequestContext, provider: InternalEmailProvider): Promise<AuthResponse> {
  const { config } = ctx
  let email: string
  try {
    email = provider.normalizeIdentifier
      ? assertSafeIdentifier(provider.normalizeIdentifier(ctx.request.body?.email as string))
      : normalizeIdentifier(ctx.request.body?.email)
  } catch (error) {
    // The address is not logged: it is personal data and may be an attack string.
    config.logger.debug("email sign-in: the address was refused", { reason: (error as Error).message })
    return emailSignInFailed(ctx)
  }

  // Over the limit: the usual "check your email" page and no mail, so the answer tells nothing.
  if (!(await emailAllowed(config, ctx.request, provider.id, email))) return checkYourEmail(ctx, provider)

  const existing = await adapterCall(config, "getUserByEmail", email)
  const user: AdapterUser = existing ?? { id: randomUUID(), email, emailVerified: null }
  const account: Account = { providerAccountId: email, userId: user.id, type: "email", provider: provider.id }
  const target = await runSignInCallback(ctx, { user, account, email: { verificationRequest: true } })
  if (target) return redirect(target, ctx.request, ctx.initCookies)

  const token = await newVerificationToken(provider)
  const expires = verificationExpiry(provider)
  const link = await linkTarget(ctx)
  const callback = `${link.baseUrl}/callback/${encodeURIComponent(provider.id)}`
  const url = `${callback}?${new URLSearchParams({ callbackUrl: link.callbackUrl, token, email })}`
  // Stored before the mail leaves, so even the quickest click finds it.
  await adapterCall(config, "createVerificationToken", {
    identifier: email,
    token: hashVerificationToken(token, verificationSecret(config, provider)),
    expires,
  })
  try {
    await provider.sendVerificationRequest({
      identifier: email,
      token,
      expires,
      url,
      provider,
      theme: config.theme,
      request: toWebRequest(ctx.request, `${ctx.baseUrl}/signin/${encodeURIComponent(provider.id)}`),
    })
  } catch (error) {
    config.logger.error(new EmailSignInError("sendVerificationRequest failed", { cause: error }))
    return emailSignInFailed(ctx)
  }
  return checkYourEmail(ctx, provider)
}

/** The verify-request page ("check your email"). */
function checkYourEmail(ctx: RequestContext, provider: InternalEmailProvider): AuthResponse {
  const query = new URLSearchParams({ provider: provider.id, type: provider.type })
  return redirect(`${ctx.baseUrl}/verify-request?${query}`, ctx.request, ctx.initCookies)
}

/**
 * Where the link points: AUTH_URL's origin when set (requestOrigin's rule). When host trust is only
 * inferred, X-Forwarded-* are ignored: the link lands in a victim's inbox, so the client asking for it
 * must not choose its host.
 */
async function linkTarget(ctx: RequestContext): Promise<{ baseUrl: string; callbackUrl: string }> {
  const { config, request } = ctx
  if (!config.trustHostInferred) return { baseUrl: ctx.baseUrl, callbackUrl: ctx.callbackUrl }
  const origin = requestOrigin({ authUrl: config.authUrl, trustHost: false }, request.protocol, request.headers)
  if (origin === ctx.origin) return { baseUrl: ctx.baseUrl, callbackUrl: ctx.callbackUrl }
  // The callbackUrl was checked against the forwarded origin: check it again against the link's.
  const callbackUrl = await resolveCallbackUrl(config, origin, { body: request.body?.callbackUrl, query: request.query.callbackUrl })
  return { baseUrl: `${origin}${ctx.baseUrl.slice(ctx.origin.length)}`, callbackUrl }
}

/** Back to the sign-in page (`pages.signIn` when set) with `error=EmailSignin`. */
function emailSignInFailed(ctx: RequestContext): AuthResponse {
  const custom = ctx.config.pages.signIn
  const page = custom ? (custom.startsWith("/") ? `${ctx.origin}${custom}` : custom) : `${ctx.baseUrl}/signin`
  return redirect(withQuery(page, { error: "EmailSignin" }), ctx.request, ctx.initCookies)
}
