import type { CustomFetch } from "../../lib/core/vocabulary/custom-fetch.js"

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
 * 127.0.0.1, so tests exercise the provider object exactly as shipped. The stand-in learns the
 * public host and scheme from `X-Forwarded-Host`/`-Proto`. A URL of an origin without a stand-in
 * fails: nothing leaves this machine.
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

/** Where the IdP sends the browser back: the callback URL, with a form when it POSTs (form_post). */
export interface IdpAnswer {
  callbackUrl: URL
  form?: Record<string, string>
}

/**
 * Plays the browser at the IdP: follows redirects from the authorization URL through the router
 * (cookies carried), until the IdP sends the browser to another origin by redirect or by an
 * auto-submitting form_post page.
 */
export async function browseIdp(router: IdpRouter, authorizationUrl: string | URL): Promise<IdpAnswer> {
  const idpOrigin = new URL(authorizationUrl).origin
  const jar = new Map<string, string>()
  let url = new URL(authorizationUrl)
  for (let hop = 0; hop < 10; hop++) {
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join("; ")
    const res = await router.fetch(url.href, {
      redirect: "manual",
      headers: cookie ? { cookie } : {},
      signal: AbortSignal.timeout(5_000),
    })
    for (const header of res.headers.getSetCookie()) {
      const [pair = ""] = header.split(";")
      const eq = pair.indexOf("=")
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      if (!value || /max-age=0/i.test(header) || /expires=Thu, 01 Jan 1970/i.test(header)) jar.delete(name)
      else jar.set(name, value)
    }
    const location = res.headers.get("location")
    if (!location && res.headers.get("content-type")?.startsWith("text/html")) {
      const posted = readFormPost(await res.text())
      if (posted) return posted
      throw new Error(`the IdP answered an HTML page at ${url.pathname} without a form`)
    }
    if (res.status < 300 || res.status >= 400 || !location) {
      throw new Error(`the IdP answered ${res.status} at ${url.pathname}: ${(await res.text()).slice(0, 300)}`)
    }
    await res.body?.cancel()
    url = new URL(location, url)
    if (url.origin !== idpOrigin) return { callbackUrl: url }
  }
  throw new Error("too many redirects at the IdP")
}

/** oidc-provider's form_post page: `<form method="post" action="…">` with hidden inputs. */
function readFormPost(html: string): IdpAnswer | undefined {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1]
  if (!action) return undefined
  const form: Record<string, string> = {}
  for (const [, name = "", value = ""] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g)) {
    form[name] = unescapeHtml(value)
  }
  return { callbackUrl: new URL(unescapeHtml(action)), form }
}

function unescapeHtml(text: string): string {
  const map: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", "#x27": "'" }
  return text.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (entity: string, code: string) => map[code] ?? entity)
}
