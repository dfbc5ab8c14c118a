import * as o from "oauth4webapi"
import { DEFAULT_HTTP_TIMEOUT_MS } from "../config/defaults.js"
import type { InternalOAuthProvider, ResolvedEndpoint } from "../config/types.js"
import type { ProviderFetch } from "../../providers/types.js"
import { PLACEHOLDER_ISSUER, isLoopbackHttp, isPlaceholderUrl } from "../config/endpoint-url.js"
import { customFetch, type CustomFetch } from "../vocabulary/custom-fetch.js"
import { clientSecretJwt, privateKeyJwt } from "./client-assertion.js"
import { conformTemplatedIssuer } from "./tenant-issuer.js"

/**
 * How long discovered metadata is reused before it is fetched again. The JWKS is cached per
 * metadata object by oauth4webapi (5 minutes; fetched again early for an unknown `kid`).
 */
const DISCOVERY_TTL_MS = 60 * 60 * 1000

export type EndpointName = "authorization" | "token" | "userinfo"

type DiscoveryEntry = { expiresAt: number; metadata: Promise<o.AuthorizationServer> }

/**
 * One in-flight or settled discovery per issuer, reused for an hour — per fetch implementation,
 * since two providers may reach the same issuer URL through different proxies.
 */
let discoveryCache = new Map<CustomFetch | typeof fetch, Map<string, DiscoveryEntry>>()

/** The `{tenantid}` template of metadata discovered from a multi-tenant issuer (Microsoft Entra ID). */
const issuerTemplates = new WeakMap<o.AuthorizationServer, string>()

/** Metadata with the provider's explicit endpoints laid over it, kept per provider for JWKS reuse. */
const overlayCache = new WeakMap<object, { base: o.AuthorizationServer; merged: o.AuthorizationServer }>()

/** Forgets every discovered issuer (tests, or after rotating an IdP). */
export function clearDiscoveryCache(): void {
  discoveryCache = new Map()
}

/** The issuer template (`https://login.microsoftonline.com/{tenantid}/v2.0`) the metadata came from, if any. */
export function issuerTemplate(as: o.AuthorizationServer): string | undefined {
  return issuerTemplates.get(as)
}

/** The provider's timeout, also for providers built by hand in tests. */
function timeoutOf(provider: InternalOAuthProvider): number {
  return provider.httpOptions?.timeout ?? DEFAULT_HTTP_TIMEOUT_MS
}

function fetchOf(provider: InternalOAuthProvider): CustomFetch | typeof fetch {
  const fetchImpl = (provider as { [customFetch]?: CustomFetch })[customFetch]
  return typeof fetchImpl === "function" ? fetchImpl : fetch
}

/**
 * The `fetch` provider hooks get: the provider's `[customFetch]` or the global `fetch`, with the
 * provider's timeout (combined with any signal the hook passes).
 */
export function providerFetch(provider: InternalOAuthProvider): ProviderFetch {
  const fetchImpl = fetchOf(provider)
  return (url, init = {}) => {
    const timeout = AbortSignal.timeout(timeoutOf(provider))
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout
    return fetchImpl(String(url), { ...init, signal })
  }
}

/** The endpoint URL when the provider names one; undefined when it comes from discovery. */
function explicitEndpoint(endpoint: ResolvedEndpoint | undefined): URL | undefined {
  const url = endpoint?.url
  if (!url || isPlaceholderUrl(url)) return undefined
  return url
}

/** Transport options for one oauth4webapi call that targets `target`. */
export function requestOptions(
  provider: InternalOAuthProvider,
  target: string | URL | undefined,
): o.HttpRequestOptions<any, any> {
  const timeout = timeoutOf(provider)
  const options: o.HttpRequestOptions<any, any> = {
    signal: () => AbortSignal.timeout(timeout),
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
  const template = issuerTemplates.get(base)
  if (template) issuerTemplates.set(merged, template)
  overlayCache.set(provider, { base, merged })
  return merged
}

/** Discovery (`<issuer>/.well-known/openid-configuration`), cached and single-flight per issuer. */
export function discover(provider: InternalOAuthProvider): Promise<o.AuthorizationServer> {
  if (!provider.issuer) return Promise.reject(new TypeError(`provider ${provider.id} has no issuer`))
  return discoverIssuer(provider, provider.issuer)
}

/**
 * Discovery of `issuer` through the provider's fetch: the provider's own issuer, or the tenant
 * issuer of a multi-tenant sign-in. Cached like `discover`.
 */
export function discoverIssuer(provider: InternalOAuthProvider, issuerUrl: string): Promise<o.AuthorizationServer> {
  const issuer = new URL(issuerUrl)
  const key = issuer.href
  const fetchImpl = fetchOf(provider)
  let byIssuer = discoveryCache.get(fetchImpl)
  if (!byIssuer) discoveryCache.set(fetchImpl, (byIssuer = new Map()))
  const cache = byIssuer
  const now = Date.now()
  const hit = cache.get(key)
  if (hit && hit.expiresAt > now) return hit.metadata
  const entry = { expiresAt: now + DISCOVERY_TTL_MS, metadata: fetchMetadata(provider, issuer) }
  cache.set(key, entry)
  // A failed discovery is not remembered: the next sign-in tries again.
  entry.metadata.catch(() => {
    if (cache.get(key) === entry) cache.delete(key)
  })
  return entry.metadata
}

async function fetchMetadata(provider: InternalOAuthProvider, issuer: URL): Promise<o.AuthorizationServer> {
  const response = await o.discoveryRequest(issuer, requestOptions(provider, issuer))
  const { response: conformed, template } = await conformTemplatedIssuer(response, issuer)
  const metadata = await o.processDiscoveryResponse(issuer, conformed)
  if (template) issuerTemplates.set(metadata, template)
  return metadata
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
    case "client_secret_jwt":
      return clientSecretJwt(provider)
    case "private_key_jwt":
      return privateKeyJwt(provider)
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
