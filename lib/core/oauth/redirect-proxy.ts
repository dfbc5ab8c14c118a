import type { InternalOAuthProvider } from "../config/types.js"
import type { RequestContext } from "../context.js"
import { InvalidCheck } from "../vocabulary/errors.js"
import { decodeState } from "./checks.js"

/**
 * The redirect proxy of §7.11, both sides. One config serves every deployment: the one whose
 * origin is the proxy's is the stable deployment (it receives the IdP's callbacks and forwards
 * those of others); every other origin is a preview (it sends the proxy's callback URL as
 * `redirect_uri` and its own callback URL inside the encrypted state).
 */

/** This deployment's own callback URL for the provider. */
export function ownCallbackUrl(ctx: RequestContext, provider: InternalOAuthProvider): string {
  return `${ctx.baseUrl}/callback/${provider.id}`
}

/** True on the stable deployment: the request's origin is the proxy's (what Auth.js compares). */
export function isOnRedirectProxy(ctx: RequestContext, provider: InternalOAuthProvider): boolean {
  return provider.redirectProxyUrl !== undefined && new URL(provider.redirectProxyUrl).origin === ctx.origin
}

/** A preview: a proxy is configured and this deployment is not it. */
function isPreview(ctx: RequestContext, provider: InternalOAuthProvider): boolean {
  return provider.redirectProxyUrl !== undefined && !isOnRedirectProxy(ctx, provider)
}

/** The `redirect_uri` of the authorization and token requests: the proxy's on a preview. */
export function sentRedirectUri(ctx: RequestContext, provider: InternalOAuthProvider): string {
  return isPreview(ctx, provider) ? provider.redirectProxyUrl! : ownCallbackUrl(ctx, provider)
}

/** What a preview puts in the state's `origin` claim (Auth.js's name for a full callback URL). */
export function stateOrigin(ctx: RequestContext, provider: InternalOAuthProvider): string | undefined {
  return isPreview(ctx, provider) ? ownCallbackUrl(ctx, provider) : undefined
}

/**
 * On the stable deployment, for a callback whose state names another deployment: the URL to send
 * the browser to (that deployment's callback with the same query). Undefined when the callback is
 * this deployment's own. Throws `InvalidCheck` for a state we cannot decrypt (tampered, expired,
 * another secret) or whose `origin` is no allowed target, so nothing is forwarded anywhere then.
 */
export async function previewRedirect(ctx: RequestContext, provider: InternalOAuthProvider): Promise<string | undefined> {
  if (!isOnRedirectProxy(ctx, provider)) return undefined
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(ctx.request.query)) {
    if (typeof value === "string") params.set(key, value)
  }
  const stateValue = params.get("state")
  if (!stateValue) return undefined
  const { origin } = await decodeState(ctx, stateValue)
  if (origin === undefined) return undefined
  const target = previewCallbackUrl(origin, provider)
  if (target.origin === ctx.origin) return undefined
  return `${target.href}?${params}`
}

/**
 * The state is minted only by holders of the secret, so its `origin` is trusted as Auth.js trusts
 * it; we still accept only the shape a deployment writes there: an http(s) URL without
 * credentials, query or fragment, ending in `/callback/<this provider>`.
 */
function previewCallbackUrl(origin: unknown, provider: InternalOAuthProvider): URL {
  let url: URL | undefined
  try {
    if (typeof origin === "string") url = new URL(origin)
  } catch {
    // refused below
  }
  const allowed =
    url !== undefined &&
    (url.protocol === "https:" || url.protocol === "http:") &&
    !url.username &&
    !url.password &&
    !url.search &&
    !url.hash &&
    url.pathname.endsWith(`/callback/${provider.id}`)
  if (!allowed) throw new InvalidCheck("The state names no deployment the redirect proxy may forward to")
  return url!
}
