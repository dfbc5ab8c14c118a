import * as o from "oauth4webapi"
import type { InternalOAuthProvider, ResolvedConfig } from "../config/types.js"
import type { RequestContext } from "../context.js"
import { SignOutError } from "../vocabulary/errors.js"
import type { JWT } from "../vocabulary/models.js"
import { clientAuthentication, discover, oauthClient, requestOptions } from "../oauth/client.js"
import { isAllowedEndpointUrl } from "../config/endpoint-url.js"
import { withoutDetails } from "../oauth/safe-error.js"
import { oauthProvider } from "./kept-tokens.js"

/**
 * The IdP side of signing out a JWT session that kept its tokens: `tokens.revokeOnSignOut` revokes
 * the refresh token (else the access token) at the issuer's `revocation_endpoint` (RFC 7009);
 * `tokens.endSessionOnSignOut` returns the issuer's `end_session_endpoint` URL (OpenID RP-Initiated
 * Logout 1.0) to send the browser to instead of `callbackUrl`, which becomes its
 * `post_logout_redirect_uri`. Never throws: failures are logged and sign-out goes on locally.
 */
export async function signOutAtIdp(ctx: RequestContext, token: JWT | null): Promise<string | undefined> {
  const provider = oauthProvider(ctx.config, token?.provider)
  if (!token || !provider) return undefined
  const { revokeOnSignOut, endSessionOnSignOut } = provider.tokens
  if (!revokeOnSignOut && !endSessionOnSignOut) return undefined
  try {
    const as = await discover(provider)
    if (revokeOnSignOut) await revoke(ctx.config, provider, as, token)
    return endSessionOnSignOut ? endSessionUrl(ctx, provider, as, token) : undefined
  } catch (error) {
    ctx.config.logger.error(
      new SignOutError(`Could not sign out at provider ${provider.id}`, { cause: withoutDetails(error) }),
    )
    return undefined
  }
}

/**
 * `tokens.revokeOnSignOut` for a sign-out from server code (`AuthService.signOut`): revokes the
 * session's kept token at the IdP. No IdP session is ended (there is no browser to send there).
 * Never throws.
 */
export async function revokeKeptToken(config: ResolvedConfig, token: JWT | null): Promise<void> {
  const provider = oauthProvider(config, token?.provider)
  if (!token || !provider?.tokens.revokeOnSignOut) return
  try {
    await revoke(config, provider, await discover(provider), token)
  } catch (error) {
    config.logger.error(new SignOutError(`Could not sign out at provider ${provider.id}`, { cause: withoutDetails(error) }))
  }
}

async function revoke(
  config: ResolvedConfig,
  provider: InternalOAuthProvider,
  as: o.AuthorizationServer,
  token: JWT,
): Promise<void> {
  const [value, hint] =
    typeof token.refresh_token === "string"
      ? [token.refresh_token, "refresh_token"]
      : [token.access_token, "access_token"]
  if (typeof value !== "string" || value === "") return
  if (!as.revocation_endpoint) {
    config.logger.debug(`provider ${provider.id}: the issuer has no revocation_endpoint, nothing revoked`)
    return
  }
  try {
    const response = await o.revocationRequest(as, oauthClient(provider), clientAuthentication(provider), value, {
      ...requestOptions(provider, as.revocation_endpoint),
      additionalParameters: { token_type_hint: hint },
    })
    await o.processRevocationResponse(response)
  } catch (error) {
    // The IdP's session may still be ended below.
    config.logger.error(
      new SignOutError(`Could not revoke the ${hint} at provider ${provider.id}`, { cause: withoutDetails(error) }),
    )
  }
}

function endSessionUrl(
  ctx: RequestContext,
  provider: InternalOAuthProvider,
  as: o.AuthorizationServer,
  token: JWT,
): string | undefined {
  if (!as.end_session_endpoint) {
    ctx.config.logger.debug(`provider ${provider.id}: the issuer has no end_session_endpoint`)
    return undefined
  }
  const url = new URL(as.end_session_endpoint)
  if (!isAllowedEndpointUrl(url)) return undefined
  if (typeof token.id_token === "string") url.searchParams.set("id_token_hint", token.id_token)
  url.searchParams.set("client_id", provider.clientId ?? "")
  url.searchParams.set("post_logout_redirect_uri", ctx.callbackUrl)
  return url.href
}
