import * as o from "oauth4webapi"
import type { InternalOAuthProvider } from "../config/types.js"
import type { TokenSet } from "../models.js"
import { clientAuthentication, oauthClient, requestOptions } from "./client.js"

export interface CodeExchange {
  /** The callback parameters validated by `validateAuthResponse`. */
  callbackParams: URLSearchParams
  /** Must equal the `redirect_uri` of the authorization request. */
  redirectUri: string
  /** The PKCE verifier, when `pkce` is among the provider's checks. */
  codeVerifier?: string
  /** The nonce the ID token must carry, when `nonce` is among the provider's checks. */
  nonce?: string
}

export interface ExchangedTokens {
  tokens: TokenSet
  /** Validated ID token claims (OIDC, or an OAuth provider that returned an ID token). */
  idTokenClaims?: o.IDToken
}

/**
 * §7.6–7.7: the token request, the provider's `token.conform` hook, then oauth4webapi's checks
 * (ID token required for OIDC: iss, aud, azp, exp, iat, nonce). We also verify the ID token's
 * signature against the issuer's JWKS when discovery gave one; Auth.js trusts TLS alone.
 */
export async function exchangeCode(
  provider: InternalOAuthProvider,
  as: o.AuthorizationServer,
  exchange: CodeExchange,
): Promise<ExchangedTokens> {
  const client = oauthClient(provider)
  let response = await o.authorizationCodeGrantRequest(
    as,
    client,
    clientAuthentication(provider),
    exchange.callbackParams,
    exchange.redirectUri,
    exchange.codeVerifier ?? o.nopkce,
    requestOptions(provider, as.token_endpoint),
  )
  const conform = provider.token?.conform
  if (conform) response = ((await conform(response.clone())) as Response | undefined) ?? response

  const processed = await o.processAuthorizationCodeResponse(as, client, response, {
    expectedNonce: exchange.nonce ?? o.expectNoNonce,
    requireIdToken: provider.type === "oidc",
  })
  const idTokenClaims = o.getValidatedIdTokenClaims(processed)
  if (idTokenClaims) await verifyIdTokenSignature(provider, as, response, processed.id_token ?? "")

  const tokens: TokenSet = { ...processed }
  if (tokens.expires_in) tokens.expires_at = Math.floor(Date.now() / 1000) + Number(tokens.expires_in)
  return { tokens, idTokenClaims }
}

/**
 * Needs the metadata's `jwks_uri`, so only discovered issuers are checked. HMAC-signed ID tokens
 * (keyed with our own client secret) are left to TLS, as oauth4webapi cannot check them.
 */
async function verifyIdTokenSignature(
  provider: InternalOAuthProvider,
  as: o.AuthorizationServer,
  response: Response,
  idToken: string,
): Promise<void> {
  if (!as.jwks_uri || idTokenAlgorithm(idToken).startsWith("HS")) return
  await o.validateApplicationLevelSignature(as, response, requestOptions(provider, as.jwks_uri))
}

function idTokenAlgorithm(jwt: string): string {
  try {
    const header = JSON.parse(Buffer.from(jwt.split(".")[0] ?? "", "base64url").toString("utf8"))
    return typeof header?.alg === "string" ? header.alg : ""
  } catch {
    return ""
  }
}
