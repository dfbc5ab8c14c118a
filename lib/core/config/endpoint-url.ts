const loopbackHosts = new Set(["127.0.0.1", "localhost", "[::1]"])

/**
 * Auth.js's issuer for providers configured without one (quirk 12), and the host of the
 * placeholder URL an endpoint gets when it has params but no url: "take the URL from discovery".
 */
export const PLACEHOLDER_ISSUER = "https://authjs.dev"

/**
 * Plain http is accepted only towards this machine (tests, the sample's embedded IdP):
 * anything else would send codes, secrets and tokens over the network in clear text.
 */
export function isLoopbackHttp(url: URL): boolean {
  return url.protocol === "http:" && loopbackHosts.has(url.hostname)
}

/** True for https URLs and for http URLs on a loopback host. */
export function isAllowedEndpointUrl(url: URL): boolean {
  return url.protocol === "https:" || isLoopbackHttp(url)
}

/** True for the placeholder URL of an endpoint whose real URL comes from discovery. */
export function isPlaceholderUrl(url: URL): boolean {
  return url.origin === PLACEHOLDER_ISSUER
}
