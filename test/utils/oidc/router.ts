import type { CustomFetch } from "../../../lib/core/vocabulary/custom-fetch.js"

/** One request that went through the router, under its public (production) URL. */
export interface RoutedRequest {
  method: string
  url: URL
  headers: Headers
  body: string
}

export interface IdpRouter {
  /** Put it on a provider as `[customFetch]`: production URLs reach their local stand-in. */
  fetch: CustomFetch
  requests: RoutedRequest[]
  /** `METHOD https://host/path` of every request so far (no query). */
  calls(): string[]
}

/**
 * Routes a provider's real, production URLs (`https://discord.com/api/...`) to stand-ins on
 * 127.0.0.1 (`startOidcStandIn`, `startApiStandIn`), so tests exercise the provider object exactly
 * as shipped. The stand-in learns the public host and scheme from `X-Forwarded-Host`/`-Proto`.
 * A URL of an origin without a stand-in fails: nothing leaves this machine.
 */
export function idpRouter(routes: Record<string, string>): IdpRouter {
  const requests: RoutedRequest[] = []
  const fetchVia: CustomFetch = async (input, init = {}) => {
    const url = new URL(input)
    const local = routes[url.origin]
    if (!local) throw new TypeError(`no stand-in for ${url.origin} (a test must not reach the internet)`)
    const headers = new Headers(init.headers)
    headers.set("x-forwarded-host", url.host)
    headers.set("x-forwarded-proto", url.protocol.slice(0, -1))
    requests.push({ method: init.method ?? "GET", url, headers, body: init.body == null ? "" : String(init.body) })
    return fetch(`${local}${url.pathname}${url.search}`, { ...init, headers })
  }
  return {
    fetch: fetchVia,
    requests,
    calls: () => requests.map((r) => `${r.method} ${r.url.origin}${r.url.pathname}`),
  }
}
