import * as o from "oauth4webapi"
import type { InternalOAuthProvider } from "../config/types.js"
import type { TokenSet } from "../vocabulary/models.js"
import { clientAuthentication, discoverIssuer, issuerTemplate, oauthClient, requestOptions } from "./client.js"
import { tenantIssuerOf } from "./tenant-issuer.js"

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
  response = await conformTokenResponse(provider, response)
  const validating = await issuerOfTokens(provider, as, response)

  const processed = await o.processAuthorizationCodeResponse(validating, client, response, {
    expectedNonce: exchange.nonce ?? o.expectNoNonce,
    requireIdToken: provider.type === "oidc",
  })
  const idTokenClaims = o.getValidatedIdTokenClaims(processed)
  if (idTokenClaims) {
    assertNotIssuedInTheFuture(idTokenClaims)
    await verifyIdTokenSignature(provider, validating, response, processed.id_token ?? "")
  }
  return { tokens: toTokenSet(processed), idTokenClaims }
}

/**
 * Seconds an ID token's `iat` may lie ahead of our clock. IdP clocks drift by seconds, not by
 * minutes: a token "issued" further ahead was minted in advance or by a broken clock.
 */
export const MAX_ID_TOKEN_IAT_SKEW = 300

/**
 * oauth4webapi checks `exp` (and `nbf`) but accepts any `iat` in the future for the code flow, as
 * does Auth.js; OIDC Core §3.1.3.7 (10) leaves that window to the client.
 */
function assertNotIssuedInTheFuture(claims: o.IDToken): void {
  if (claims.iat > Math.floor(Date.now() / 1000) + MAX_ID_TOKEN_IAT_SKEW) {
    throw new Error('unexpected ID Token "iat" (issued at) claim value, it is in the future')
  }
}

/** The provider's `token.conform` hook (§7.5 step 6): it may replace a non-standard token response. */
export async function conformTokenResponse(provider: InternalOAuthProvider, response: Response): Promise<Response> {
  const conform = provider.token?.conform
  if (!conform) return response
  return ((await conform(response.clone())) as Response | undefined) ?? response
}

/**
 * The metadata an answer from the token endpoint is validated against: `as` itself, or for a
 * multi-tenant issuer (§7.7) the discovered metadata of the tenant named by the ID token's `tid`.
 */
export async function issuerOfTokens(
  provider: InternalOAuthProvider,
  as: o.AuthorizationServer,
  response: Response,
): Promise<o.AuthorizationServer> {
  const template = issuerTemplate(as)
  if (!template || response.status !== 200) return as
  const body = (await response.clone().json().catch(() => undefined)) as { id_token?: unknown } | undefined
  const tenantIssuer = tenantIssuerOf(template, body?.id_token)
  if (!tenantIssuer || tenantIssuer === as.issuer) return as
  return discoverIssuer(provider, tenantIssuer)
}

/** oauth4webapi's processed answer as Auth.js's token set, with `expires_at` in seconds (§7.8). */
export function toTokenSet(processed: o.TokenEndpointResponse): TokenSet {
  const tokens: TokenSet = { ...processed }
  if (tokens.expires_in) tokens.expires_at = Math.floor(Date.now() / 1000) + Number(tokens.expires_in)
  return tokens
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
