import { PLACEHOLDER_ISSUER, isAllowedEndpointUrl } from "./endpoint-url.js"
import type { ResolvedEndpoint } from "./types.js"
import { isPlainObject } from "../records.js"

/**
 * An absolute https URL, or http on a loopback host. `path` names the field in the message,
 * e.g. `providers[1].issuer must be an absolute URL`.
 */
export function parseEndpointUrl(value: unknown, path: string): URL {
  let url: URL | undefined
  try {
    if (typeof value === "string" || value instanceof URL) url = new URL(value)
  } catch {
    // reported below
  }
  if (!url) throw new TypeError(`${path} must be an absolute URL`)
  if (!isAllowedEndpointUrl(url)) {
    throw new TypeError(`${path} must be an https URL (plain http is allowed only on 127.0.0.1, localhost and ::1)`)
  }
  return url
}

/**
 * §7.1: a string becomes its URL; `{url?, params?}` a URL with `params` in its query (`claims`
 * JSON-stringified); without `url` the placeholder host stands for "from discovery" and carries
 * the params. An absent endpoint stays undefined (discovery on the issuer).
 */
export function normalizeEndpoint(value: unknown, path: string): ResolvedEndpoint | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === "string" || value instanceof URL) return Object.freeze({ url: parseEndpointUrl(value, path) })
  if (!isPlainObject(value)) throw new TypeError(`${path} must be a URL string or an object`)
  const url = value.url === undefined ? new URL(PLACEHOLDER_ISSUER) : parseEndpointUrl(value.url, `${path}.url`)
  const { params, request, conform, clientPrivateKey } = value
  if (params !== undefined) {
    if (!isPlainObject(params)) throw new TypeError(`${path}.params must be an object`)
    for (const [key, param] of Object.entries(params)) {
      if (param === undefined) continue
      const text = key === "claims" && typeof param !== "string" ? JSON.stringify(param) : String(param)
      url.searchParams.set(key, text)
    }
  }
  const endpoint: ResolvedEndpoint = { url }
  if (request !== undefined) endpoint.request = assertFunction(request, `${path}.request`)
  if (conform !== undefined) endpoint.conform = assertFunction(conform, `${path}.conform`)
  // Carried as given; config/client-auth.ts checks it against the client's auth method.
  if (clientPrivateKey !== undefined) endpoint.clientPrivateKey = clientPrivateKey as ResolvedEndpoint["clientPrivateKey"]
  return Object.freeze(endpoint)
}

function assertFunction(value: unknown, path: string): (...args: any[]) => unknown {
  if (typeof value !== "function") throw new TypeError(`${path} must be a function`)
  return value as (...args: any[]) => unknown
}
