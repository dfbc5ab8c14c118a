import * as o from "oauth4webapi"
import type { InternalOAuthProvider } from "../config/types.js"
import type { RequestContext } from "../context.js"
import { AuthError, CallbackRouteError, InvalidCheck, OAuthCallbackError } from "../vocabulary/errors.js"
import type { Account, Profile, TokenSet, User } from "../vocabulary/models.js"
import type { SetCookie } from "../vocabulary/http.js"
import { redirectUri } from "./authorization-url.js"
import * as checks from "./checks.js"
import { withAppleUser } from "./apple-user.js"
import { authorizationServer, oauthClient, type EndpointName } from "./client.js"
import { fetchProfile, mapProfile } from "./profile.js"
import { withoutDetails } from "./safe-error.js"
import { exchangeCode } from "./token.js"

export interface OAuthCallbackResult {
  profile: Profile
  /** The profile mapper's result, email lower-cased; `id` is the mapper's id (replace it before storing). */
  user: User
  account: Account
  tokens: TokenSet
  /** Deletions of the check cookies this callback used. */
  cookies: SetCookie[]
}

/**
 * The OAuth/OIDC callback (§7.5–7.10), from the IdP's redirect to a mapped user and account.
 *
 * Throws `InvalidCheck` (a check cookie is missing, unreadable or foreign), `OAuthCallbackError`
 * (the IdP answered `error=`), `OAuthProfileParseError` (the provider's `profile()` threw; send the
 * user back to the sign-in page) and `CallbackRouteError` for anything else (→ `Configuration`).
 */
export async function oauthCallback(
  ctx: RequestContext,
  provider: InternalOAuthProvider,
): Promise<OAuthCallbackResult> {
  const cookies: SetCookie[] = []
  const use = async (check: checks.OAuthCheck, name: "state" | "pkce" | "nonce") => {
    if (!provider.checks.includes(name)) return undefined
    const { value, cookie } = await check.use(ctx, provider)
    cookies.push(cookie)
    return value
  }
  assertSignInPending(ctx, provider)
  // The state cookie is read before anything else, so an `error=` answer needs a valid state too.
  const expectedState = await use(checks.state, "state")
  try {
    const as = await authorizationServer(provider, endpointsForCallback(provider))
    const params = readCallbackParams(ctx, provider)
    const callbackParams = validateCallback(as, provider, params, expectedState)
    const codeVerifier = await use(checks.pkce, "pkce")
    const nonce = await use(checks.nonce, "nonce")
    const { tokens, idTokenClaims } = await exchangeCode(provider, as, {
      callbackParams,
      redirectUri: redirectUri(ctx, provider),
      codeVerifier,
      nonce,
    })
    const profile = withAppleUser(provider, await fetchProfile(provider, as, tokens, idTokenClaims), params)
    const { user, account } = await mapProfile(provider, profile, tokens)
    return { profile, user, account, tokens, cookies }
  } catch (error) {
    if (error instanceof AuthError) throw error
    throw new CallbackRouteError(`OAuth callback for provider ${provider.id} failed`, { cause: withoutDetails(error) })
  }
}

/**
 * A callback that brings none of the provider's check cookies belongs to no sign-in this browser
 * started (forged, replayed elsewhere, or the cookies expired): say so, before anything about the
 * IdP's answer is judged, which would blame what that answer lacks (`iss`, `state`) instead.
 */
function assertSignInPending(ctx: RequestContext, provider: InternalOAuthProvider): void {
  const keys = (["state", "pkce", "nonce"] as const).filter((check) => provider.checks.includes(check))
  if (keys.length === 0) return
  const names = keys.map((check) => ctx.cookies[check === "pkce" ? "pkceCodeVerifier" : check].name)
  if (names.some((name) => ctx.request.cookies[name])) return
  throw new InvalidCheck(
    `No sign-in is pending with provider ${JSON.stringify(provider.id)}: the callback came without its check cookies ` +
      "(a forged or replayed callback, one opened in another browser, or a sign-in started more than 15 minutes ago)",
  )
}

/** The token endpoint always; the userinfo endpoint only when the profile comes from it. */
function endpointsForCallback(provider: InternalOAuthProvider): EndpointName[] {
  const needsUserinfo =
    provider.type === "oidc" ? provider.idToken === false : !provider.userinfo?.request
  return needsUserinfo ? ["token", "userinfo"] : ["token"]
}

/** GET reads the query; a `response_mode=form_post` provider's POST reads the form body. */
function readCallbackParams(ctx: RequestContext, provider: InternalOAuthProvider): URLSearchParams {
  const { method, body, query } = ctx.request
  const source = provider.formPost && method === "POST" ? (body ?? {}) : query
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(source)) {
    if (typeof value === "string") params.set(key, value)
  }
  // Quirk 12: without a configured issuer there is nothing to compare an RFC 9207 `iss` with;
  // Auth.js compares it with a placeholder and fails. We ignore it instead.
  if (!provider.issuer) params.delete("iss")
  return params
}

function validateCallback(
  as: o.AuthorizationServer,
  provider: InternalOAuthProvider,
  params: URLSearchParams,
  expectedState: string | undefined,
): URLSearchParams {
  try {
    return o.validateAuthResponse(as, oauthClient(provider), params, expectedState ?? o.skipStateCheck)
  } catch (error) {
    // Another browser's state, or a stale one: the callback does not belong to the pending sign-in.
    if (error instanceof o.OperationProcessingError && error.message.includes('"state" response parameter')) {
      throw new InvalidCheck(`the state of the callback does not match the sign-in pending with provider ${JSON.stringify(provider.id)}`, {
        cause: new Error(error.message),
      })
    }
    if (!(error instanceof o.AuthorizationResponseError)) throw error
    throw new OAuthCallbackError(`provider ${provider.id} answered ${error.error}`, {
      cause: { providerId: provider.id, error: error.error, error_description: error.error_description },
    })
  }
}
