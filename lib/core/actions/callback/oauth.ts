import { randomUUID } from "node:crypto"
import { adapterCall } from "../../adapter/call.js"
import type { InternalOAuthProvider } from "../../config/types.js"
import type { RequestContext } from "../../context.js"
import { CallbackRouteError, isAuthErrorLike } from "../../vocabulary/errors.js"
import { oauthCallback } from "../../oauth/callback.js"
import { previewRedirect } from "../../oauth/redirect-proxy.js"
import { redirect } from "../../responses.js"
import { runSignInCallback } from "../../sign-in-callback.js"
import type { AuthResponse } from "../../vocabulary/http.js"
import { completeOAuthLogin } from "./login.js"

/** GET (or form_post POST) callback/:oauth-provider: checks, code exchange, profile, then login. */
export async function oauthCallbackAction(ctx: RequestContext, provider: InternalOAuthProvider): Promise<AuthResponse> {
  // On the stable deployment of a redirect proxy, a preview's callback goes on to the preview.
  const forward = await previewRedirect(ctx, provider)
  if (forward) return redirect(forward, ctx.request, ctx.initCookies)
  let result: Awaited<ReturnType<typeof oauthCallback>>
  try {
    result = await oauthCallback(ctx, provider)
  } catch (error) {
    if (isAuthErrorLike(error) && error.type === "OAuthProfileParseError") {
      ctx.config.logger.error(error)
      return redirect(`${ctx.baseUrl}/signin`, ctx.request, ctx.initCookies)
    }
    if (isAuthErrorLike(error)) throw error
    throw new CallbackRouteError("The OAuth callback failed", { cause: error })
  }

  const { profile, account, cookies } = result
  // Without an adapter the session subject is a fresh id per sign-in, as in Auth.js.
  const user = { ...result.user, id: randomUUID() }
  const userByAccount = ctx.config.adapter
    ? await adapterCall(ctx.config, "getUserByAccount", {
        provider: account.provider,
        providerAccountId: account.providerAccountId,
      })
    : null
  const target = await runSignInCallback(ctx, { user: userByAccount ?? user, account, profile })
  if (target) return redirect(target, ctx.request, [...ctx.initCookies, ...cookies])
  return completeOAuthLogin(ctx, { user, userByAccount, account, profile, provider, cookies })
}
