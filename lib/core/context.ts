import type { CookieDef, CookieKey } from "./vocabulary/http.js"
import type { InternalProvider, ResolvedConfig } from "./config/types.js"
import type { AuthRequest, SetCookie } from "./vocabulary/http.js"

/**
 * Everything an action needs about the current request, computed once before dispatch
 * (Auth.js's "init" phase): origin, cookie names, provider, CSRF and callback URL.
 */
export interface RequestContext {
  config: ResolvedConfig
  request: AuthRequest
  /** scheme://host[:port] of the site as users reach it. */
  origin: string
  /** `origin + basePath`, without a trailing slash. */
  baseUrl: string
  /** Cookies carry `__Secure-`/`__Host-` prefixes and `Secure`. */
  secure: boolean
  cookies: Readonly<Record<CookieKey, CookieDef>>
  /** The provider named in the URL, when there is one and it exists. */
  provider?: InternalProvider
  csrfToken: string
  /** The POST body carried the CSRF token that matches the CSRF cookie. */
  csrfVerified: boolean
  /** Where to send the user after sign-in or sign-out (already passed through `callbacks.redirect`). */
  callbackUrl: string
  /** Cookies queued by the init phase (new CSRF cookie, callback-url cookie). */
  initCookies: SetCookie[]
}
