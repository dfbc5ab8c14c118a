/**
 * §7.1 / §7.11 at start-up: the redirect proxy of one OAuth provider, its own `redirectProxyUrl`
 * over the config's (or env `AUTH_REDIRECT_PROXY_URL`'s). Returns the proxy's callback URL for the
 * provider (`<proxy base>/callback/<id>`, what Auth.js stores) or undefined when there is none.
 * Auth.js ignores the proxy for form_post providers (the IdP POSTs cross-site); so do we.
 */
export function resolveRedirectProxy(
  own: unknown,
  shared: string | undefined,
  provider: { id: string; formPost: boolean },
  path: string,
): string | undefined {
  const [value, field] = own !== undefined ? [own, `${path}.redirectProxyUrl`] : [shared, "redirectProxyUrl"]
  // An empty env variable means "unset", as everywhere else.
  if (value === undefined || value === "") return undefined
  const base = parseProxyBase(value, field)
  if (provider.formPost) return undefined
  return `${base}/callback/${provider.id}`
}

/**
 * The proxy's auth base URL without a trailing slash. Auth.js throws "redirectProxyUrl must be a
 * valid URL" at the first sign-in; we refuse at boot anything but an http(s) URL without
 * credentials, query or fragment, since it becomes a registered `redirect_uri`.
 */
function parseProxyBase(value: unknown, field: string): string {
  let url: URL | undefined
  try {
    if (typeof value === "string") url = new URL(value)
  } catch {
    // reported below
  }
  const hint = `${field} must be the absolute URL of the stable deployment's auth routes, e.g. https://app.example.com/auth`
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) throw new TypeError(hint)
  if (url.username || url.password || url.search || url.hash) {
    throw new TypeError(`${hint} (no credentials, query or fragment)`)
  }
  return url.href.replace(/\/+$/, "")
}
