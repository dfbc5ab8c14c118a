import type { IdpRouter } from "./router.js"

/** Where the IdP sends the browser back, and with what. */
export interface AuthorizationOutcome {
  /** Our `redirect_uri`, with the answer in the query unless the IdP used form_post. */
  callbackUrl: URL
  /** `response_mode=form_post`: the fields the IdP's auto-submitting form POSTs to `callbackUrl`. */
  form?: Record<string, string>
}

export interface FollowAuthorizationOptions {
  /** Deny at the issuer's interaction step (`?deny=1`): the IdP answers `access_denied`. */
  deny?: boolean
  /** How to reach the IdP. Default: the global fetch (an issuer on 127.0.0.1). */
  fetch?: IdpRouter["fetch"]
}

/**
 * Plays the browser at the IdP: follows the redirects from an authorization URL (cookies carried,
 * no JavaScript) until the IdP sends the browser to another origin (our `redirect_uri`), by
 * redirect or by an auto-submitting `form_post` page.
 */
export async function followAuthorization(
  authorizationUrl: string | URL,
  options: FollowAuthorizationOptions = {},
): Promise<AuthorizationOutcome> {
  const request = options.fetch ?? fetch
  const idpOrigin = new URL(authorizationUrl).origin
  const jar = new Map<string, string>()
  let url = new URL(authorizationUrl)
  for (let hop = 0; hop < 10; hop++) {
    if (options.deny && url.pathname.startsWith("/interaction/")) url.searchParams.set("deny", "1")
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join("; ")
    const res = await request(url.href, {
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

/** `followAuthorization` through an `idpRouter`: for stand-ins reached under the IdP's public URLs. */
export function browseIdp(router: IdpRouter, authorizationUrl: string | URL): Promise<AuthorizationOutcome> {
  return followAuthorization(authorizationUrl, { fetch: router.fetch })
}

/** oidc-provider's form_post page: `<form method="post" action="…">` with hidden inputs. */
function readFormPost(html: string): AuthorizationOutcome | undefined {
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
