import type { InternalEmailProvider, InternalOAuthProvider } from "../config/types.js"
import type { RequestContext } from "../context.js"
import { InvalidProvider, MissingCSRF } from "../vocabulary/errors.js"
import { authorizationRedirect } from "../oauth/authorization-url.js"
import { renderSignInPage } from "../pages/render.js"
import { redirect } from "../responses.js"
import type { AuthResponse } from "../vocabulary/http.js"
import { emailSignIn } from "./signin-email.js"

/**
 * GET signin renders the page. POST signin/:provider starts an OAuth/OIDC sign-in or sends an
 * email sign-in link (CSRF required); credentials and WebAuthn providers and a POST without a provider go back
 * to the sign-in page.
 */
export async function signInAction(ctx: RequestContext): Promise<AuthResponse> {
  if (ctx.request.method === "GET") return renderSignInPage(ctx)
  if (!ctx.csrfVerified) throw new MissingCSRF("CSRF token missing or invalid")
  const provider = ctx.provider
  if (!provider || provider.type === "credentials" || provider.type === "webauthn") {
    return redirect(`${ctx.baseUrl}/signin`, ctx.request, ctx.initCookies)
  }
  if (provider.type === "oauth" || provider.type === "oidc") {
    const { url, cookies } = await authorizationRedirect(ctx, provider as InternalOAuthProvider)
    return redirect(url, ctx.request, [...ctx.initCookies, ...cookies])
  }
  if (provider.type === "email") return emailSignIn(ctx, provider as InternalEmailProvider)
  throw new InvalidProvider(`Sign-in is not supported for provider type ${provider.type}`)
}
