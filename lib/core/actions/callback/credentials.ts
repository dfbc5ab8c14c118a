import { randomUUID } from "node:crypto"
import type { InternalCredentialsProvider } from "../../config/types.js"
import type { RequestContext } from "../../context.js"
import { CallbackRouteError, CredentialsSignin, isAuthErrorLike, MissingCSRF } from "../../errors.js"
import { fireEvent } from "../../events.js"
import { sessionCookiesFor } from "../../jwt-session.js"
import type { Account, User } from "../../models.js"
import { redirect } from "../../responses.js"
import { clearSessionCookie, readSessionCookie } from "../../session-store.js"
import { runSignInCallback } from "../../sign-in-callback.js"
import type { AuthResponse } from "../../types.js"
import { issueJwt } from "./login.js"

/**
 * POST callback/:credentials (§7.13): `authorize` decides; the session is always a JWT cookie and the
 * adapter is never touched, as in Auth.js.
 */
export async function credentialsCallback(ctx: RequestContext, provider: InternalCredentialsProvider): Promise<AuthResponse> {
  if (!ctx.csrfVerified) throw new MissingCSRF("CSRF token missing or invalid")
  const credentials = { ...(ctx.request.body ?? {}) }

  let authorized: User | null | undefined
  try {
    authorized = await provider.authorize(credentials as any, toWebRequest(ctx, credentials))
  } catch (error) {
    if (isAuthErrorLike(error)) throw error
    throw new CallbackRouteError("authorize threw", { cause: error })
  }
  if (!authorized) throw new CredentialsSignin("authorize returned no user")

  const user: User = { ...authorized, id: authorized.id != null ? String(authorized.id) : randomUUID() }
  const account: Account = { providerAccountId: user.id!, type: "credentials", provider: provider.id }
  const target = await runSignInCallback(ctx, { user, account, credentials: credentials as any })
  if (target) return redirect(target, ctx.request, ctx.initCookies)

  const { config } = ctx
  const def = ctx.cookies.sessionToken
  const { names } = readSessionCookie(ctx.request.cookies, def.name)
  const token = await issueJwt(ctx, user, account, undefined, false)
  const cookies = [
    ...ctx.initCookies,
    ...(token ? await sessionCookiesFor(config, token, def, names) : clearSessionCookie(def, names)),
  ]
  await fireEvent(config, "signIn", { user, account })
  return redirect(ctx.callbackUrl, ctx.request, cookies)
}

/** Auth.js hands `authorize` a Web Request (callback URL, original headers, JSON body); so do we. */
function toWebRequest(ctx: RequestContext, body: Record<string, unknown>): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(ctx.request.headers)) {
    if (value === undefined || name === "content-length" || name === "cookie") continue
    try {
      headers.set(name, value)
    } catch {
      // a header Fetch refuses (e.g. a forbidden name) is simply left out
    }
  }
  headers.set("content-type", "application/json")
  const url = new URL(`${ctx.baseUrl}/callback/${ctx.provider!.id}`)
  for (const [key, value] of Object.entries(ctx.request.query)) url.searchParams.set(key, value)
  return new Request(url, { method: "POST", headers, body: JSON.stringify(body) })
}
