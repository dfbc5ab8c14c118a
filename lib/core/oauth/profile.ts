import { isRecord } from "../records.js"
import { randomUUID } from "node:crypto"
import * as o from "oauth4webapi"
import type { InternalOAuthProvider } from "../config/types.js"
import { OAuthProfileParseError } from "../vocabulary/errors.js"
import type { Account, Profile, TokenSet, User } from "../vocabulary/models.js"
import { oauthClient, providerFetch, requestOptions } from "./client.js"

/**
 * §7.8: OIDC reads the validated ID token claims, or with `idToken: false` the userinfo endpoint
 * (whose `sub` must match the ID token's). OAuth uses `userinfo.request` when the provider has
 * one, else a Bearer GET of the userinfo endpoint.
 */
export async function fetchProfile(
  provider: InternalOAuthProvider,
  as: o.AuthorizationServer,
  tokens: TokenSet,
  idTokenClaims: o.IDToken | undefined,
): Promise<Profile> {
  if (provider.type === "oidc") {
    if (!idTokenClaims) throw new TypeError("the token response has no ID token")
    if (provider.idToken !== false) return { ...idTokenClaims }
    const response = await userinfoRequest(provider, as, tokens)
    return { ...(await o.processUserInfoResponse(as, oauthClient(provider), idTokenClaims.sub, response)) }
  }
  const request = provider.userinfo?.request
  if (request) {
    const profile = await request({ tokens, provider, fetch: providerFetch(provider) })
    if (!isObject(profile)) throw new TypeError("userinfo.request did not return an object")
    return profile as Profile
  }
  const response = await userinfoRequest(provider, as, tokens)
  if (response.status !== 200) throw new Error(`the userinfo endpoint answered ${response.status}`)
  const profile: unknown = await response.json()
  if (!isObject(profile)) throw new TypeError("the userinfo endpoint did not answer a JSON object")
  return profile as Profile
}

function userinfoRequest(provider: InternalOAuthProvider, as: o.AuthorizationServer, tokens: TokenSet) {
  if (!as.userinfo_endpoint) throw new TypeError(`provider ${provider.id} has no userinfo endpoint`)
  return o.userInfoRequest(
    as,
    oauthClient(provider),
    tokens.access_token ?? "",
    requestOptions(provider, as.userinfo_endpoint),
  )
}

export interface MappedProfile {
  /** The mapper's result with `email` lower-cased; `id` is the mapper's id (the caller replaces it). */
  user: User
  /** The token set plus `provider`, `type` and `providerAccountId` (§7.10). */
  account: Account
}

/**
 * §7.9–7.10: `provider.profile()` → user; `providerAccountId` = the mapper's id, or a random UUID.
 * A throwing mapper becomes `OAuthProfileParseError`, which the caller answers by sending the user
 * back to the sign-in page.
 */
export async function mapProfile(
  provider: InternalOAuthProvider,
  profile: Profile,
  tokens: TokenSet,
): Promise<MappedProfile> {
  let mapped: User
  try {
    mapped = await provider.profile(profile, tokens, { fetch: providerFetch(provider) })
    if (!isObject(mapped)) throw new TypeError("profile() did not return an object")
  } catch (cause) {
    throw new OAuthProfileParseError(`provider ${provider.id}: profile() failed`, { cause })
  }
  const providerAccountId = mapped.id != null && mapped.id !== "" ? String(mapped.id) : randomUUID()
  const user: User = { ...mapped, id: providerAccountId }
  if (typeof user.email === "string") user.email = user.email.toLowerCase()
  const account: Account = { ...tokens, provider: provider.id, type: provider.type, providerAccountId }
  return { user, account }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && !Array.isArray(value)
}
