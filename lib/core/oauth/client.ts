import * as o from "oauth4webapi"
import type { InternalOAuthProvider, ResolvedEndpoint } from "../config/types.js"
import { PLACEHOLDER_ISSUER, isLoopbackHttp, isPlaceholderUrl } from "./endpoint-url.js"

/**
 * Set `[customFetch]` on a provider to replace `fetch` for its discovery, token, userinfo and JWKS
 * requests (proxies, logging, tests), as with `@auth/core`'s symbol of the same name.
 * `Symbol.for`, so the CommonJS and ESM builds of this package agree on it.
 */
export const customFetch: unique symbol = Symbol.for("nestjs-authjs.custom-fetch")

/** The fetch replacement a provider may carry under `[customFetch]`. */
export type CustomFetch = (url: string, init: RequestInit) => Promise<Response>

/** Milliseconds before a request to an IdP is aborted, so a hung IdP cannot hang a sign-in. */
export const OAUTH_REQUEST_TIMEOUT_MS = 10_000

/** How long discovered metadata is reused before it is fetched again. */
const DISCOVERY_TTL_MS = 60 * 60 * 1000

export type EndpointName = "authorization" | "token" | "userinfo"

/** Cache keyed by issuer: one in-flight or settled discovery per issuer, reused for an hour. */
const discoveryCache = new Map<string, { expiresAt: number; metadata: Promise<o.AuthorizationServer> }>()

/** Metadata with the provider's explicit endpoints laid over it, kept per provider for JWKS reuse. */
const overlayCache = new WeakMap<object, { base: o.AuthorizationServer; merged: o.AuthorizationServer }>()

/** Forgets every discovered issuer (tests, or after rotating an IdP). */
export function clearDiscoveryCache(): void {
  discoveryCache.clear()
}

/** The endpoint URL when the provider names one; undefined when it comes from discovery. */
export function explicitEndpoint(endpoint: ResolvedEndpoint | undefined): URL | undefined {
  const url = endpoint?.url
  if (!url || isPlaceholderUrl(url)) return undefined
  return url
}

/** Transport options for one oauth4webapi call that targets `target`. */
export function requestOptions(
  provider: InternalOAuthProvider,
  target: string | URL | undefined,
): o.HttpRequestOptions<any, any> {
  const options: o.HttpRequestOptions<any, any> = {
    signal: () => AbortSignal.timeout(OAUTH_REQUEST_TIMEOUT_MS),
  }
  const fetchImpl = (provider as { [customFetch]?: CustomFetch })[customFetch]
  if (typeof fetchImpl === "function") options[o.customFetch] = fetchImpl as never
  if (target !== undefined && isLoopbackHttp(new URL(target))) options[o.allowInsecureRequests] = true
  return options
}

/**
 * The authorization server for a step that needs `needed`: built from the provider's explicit
 * endpoints when they cover it (no network), otherwise discovered from the issuer with the
 * explicit endpoints laid over the metadata.
 */
export async function authorizationServer(
  provider: InternalOAuthProvider,
  needed: readonly EndpointName[],
): Promise<o.AuthorizationServer> {
  const explicit = {
    authorization_endpoint: explicitEndpoint(provider.authorization)?.href,
    token_endpoint: explicitEndpoint(provider.token)?.href,
    userinfo_endpoint: explicitEndpoint(provider.userinfo)?.href,
  }
  const covered = needed.every((name) => explicit[`${name}_endpoint`] !== undefined)
  if (covered || !provider.issuer) {
    return { issuer: provider.issuer ?? PLACEHOLDER_ISSUER, ...explicit }
  }
  const base = await discover(provider)
  const overrides = Object.entries(explicit).filter(([, url]) => url !== undefined)
  if (overrides.length === 0) return base
  // Keep the same object while the metadata is unchanged: oauth4webapi caches JWKS per object.
  const hit = overlayCache.get(provider)
  if (hit?.base === base) return hit.merged
  const merged: o.AuthorizationServer = { ...base, ...Object.fromEntries(overrides) }
  overlayCache.set(provider, { base, merged })
  return merged
}

/** Discovery (`<issuer>/.well-known/openid-configuration`), cached and single-flight per issuer. */
export function discover(provider: InternalOAuthProvider): Promise<o.AuthorizationServer> {
  if (!provider.issuer) return Promise.reject(new TypeError(`provider ${provider.id} has no issuer`))
  const issuer = new URL(provider.issuer)
  const key = issuer.href
  const now = Date.now()
  const hit = discoveryCache.get(key)
  if (hit && hit.expiresAt > now) return hit.metadata
  const entry = { expiresAt: now + DISCOVERY_TTL_MS, metadata: fetchMetadata(provider, issuer) }
  discoveryCache.set(key, entry)
  // A failed discovery is not remembered: the next sign-in tries again.
  entry.metadata.catch(() => {
    if (discoveryCache.get(key) === entry) discoveryCache.delete(key)
  })
  return entry.metadata
}

async function fetchMetadata(provider: InternalOAuthProvider, issuer: URL): Promise<o.AuthorizationServer> {
  const response = await o.discoveryRequest(issuer, requestOptions(provider, issuer))
  return o.processDiscoveryResponse(issuer, response)
}

/** The client as oauth4webapi sees it: `client_id` plus the provider's `client` metadata. */
export function oauthClient(provider: InternalOAuthProvider): o.Client {
  return { ...(provider.client as Partial<o.Client> | undefined), client_id: provider.clientId ?? "" }
}

/** Token endpoint client authentication from `client.token_endpoint_auth_method`. */
export function clientAuthentication(provider: InternalOAuthProvider): o.ClientAuth {
  const method = provider.client?.token_endpoint_auth_method ?? "client_secret_basic"
  const secret = provider.clientSecret ?? ""
  switch (method) {
    case "client_secret_basic":
      return (_as, _client, _body, headers) => {
        headers.set("authorization", basicCredentials(provider.clientId ?? "", secret))
      }
    case "client_secret_post":
      return o.ClientSecretPost(secret)
    case "none":
      return o.None()
    default:
      throw new TypeError(`unsupported token_endpoint_auth_method "${String(method)}"`)
  }
}

/**
 * RFC 6749 §2.3.1 as Auth.js writes it (form-encode, i.e. encodeURIComponent with `+` for spaces):
 * oauth4webapi's own variant escapes more characters, and some IdPs compare the raw header.
 */
function basicCredentials(clientId: string, clientSecret: string): string {
  const formEncode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+")
  return `Basic ${Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`).toString("base64")}`
}
