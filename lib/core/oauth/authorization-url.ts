import type { InternalOAuthProvider } from "../config/types.js"
import type { RequestContext } from "../context.js"
import type { SetCookie } from "../vocabulary/http.js"
import * as checks from "./checks.js"
import { authorizationServer } from "./client.js"
import { sentRedirectUri, stateOrigin } from "./redirect-proxy.js"

/**
 * Parameters the incoming sign-in request may NOT override through its query string.
 * Auth.js lets a caller replace `client_id`, `redirect_uri` and `response_type` this way; we do not:
 * they must match what the token request sends, and the check parameters are ours alone.
 */
const PROTECTED_PARAMS = new Set([
  "client_id",
  "redirect_uri",
  "response_type",
  "state",
  "code_challenge",
  "code_challenge_method",
  "nonce",
])

/** The `redirect_uri` registered at the IdP: our callback, or the redirect proxy's on a preview. */
export function redirectUri(ctx: RequestContext, provider: InternalOAuthProvider): string {
  return sentRedirectUri(ctx, provider)
}

/**
 * The authorization request of §7.2: where to send the browser, and the check cookies to set.
 * Later sources win: the fixed parameters, then the provider's configured ones (scope, prompt…),
 * then the query of the sign-in request (e.g. `?prompt=login` from the client), then the checks.
 */
export async function authorizationRedirect(
  ctx: RequestContext,
  provider: InternalOAuthProvider,
): Promise<{ url: string; cookies: SetCookie[] }> {
  const as = await authorizationServer(provider, ["authorization"])
  if (!as.authorization_endpoint) {
    throw new TypeError(`provider ${provider.id}: the issuer's metadata has no authorization_endpoint`)
  }
  // A fresh URL every time: the provider's URL objects are shared by all requests.
  const url = new URL(as.authorization_endpoint)
  const params = url.searchParams
  params.set("response_type", "code")
  params.set("client_id", provider.clientId ?? "")
  params.set("redirect_uri", redirectUri(ctx, provider))
  for (const [key, value] of provider.authorization?.url?.searchParams ?? []) params.set(key, value)
  for (const [key, value] of Object.entries(ctx.request.query)) {
    if (!PROTECTED_PARAMS.has(key)) params.set(key, value)
  }
  if (provider.type === "oidc" && !params.has("scope")) params.set("scope", "openid profile email")

  const cookies: SetCookie[] = []
  if (provider.checks.includes("state")) {
    const { value, cookie } = await checks.createState(ctx, provider, stateOrigin(ctx, provider))
    params.set("state", value)
    cookies.push(cookie)
  }
  if (provider.checks.includes("pkce")) {
    const { value, cookie } = await checks.pkce.create(ctx, provider)
    params.set("code_challenge", value)
    params.set("code_challenge_method", "S256")
    cookies.push(cookie)
  }
  if (provider.checks.includes("nonce")) {
    const { value, cookie } = await checks.nonce.create(ctx, provider)
    params.set("nonce", value)
    cookies.push(cookie)
  }
  return { url: url.href, cookies }
}
