import * as o from "oauth4webapi"
import type { InternalOAuthProvider } from "../config/types.js"
import type { TokenSet } from "../vocabulary/models.js"
import { authorizationServer, clientAuthentication, oauthClient, requestOptions } from "../oauth/client.js"
import { conformTokenResponse, issuerOfTokens, toTokenSet } from "../oauth/token.js"

/**
 * RFC 6749 §6: a new token set for `refreshToken`, from the provider's token endpoint, with the
 * same client authentication and `token.conform` hook as the code exchange. An ID token in the
 * answer is validated (iss, aud, exp) against the issuer's metadata. Throws on any failure.
 */
export async function refreshTokenGrant(provider: InternalOAuthProvider, refreshToken: string): Promise<TokenSet> {
  const as = await authorizationServer(provider, ["token"])
  if (!as.token_endpoint) throw new TypeError(`provider ${provider.id} has no token endpoint`)
  const client = oauthClient(provider)
  const sent = await o.refreshTokenGrantRequest(
    as,
    client,
    clientAuthentication(provider),
    refreshToken,
    requestOptions(provider, as.token_endpoint),
  )
  const response = await conformTokenResponse(provider, sent)
  const processed = await o.processRefreshTokenResponse(await issuerOfTokens(provider, as, response), client, response)
  return toTokenSet(processed)
}

/**
 * True when the IdP itself refused the refresh token (an OAuth error answer such as
 * `invalid_grant`): asking again cannot help. Timeouts, outages and garbled answers may pass.
 */
export function isDefinitiveRefusal(error: unknown): boolean {
  return error instanceof o.ResponseBodyError && error.status >= 400 && error.status < 500
}
