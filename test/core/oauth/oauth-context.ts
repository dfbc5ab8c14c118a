import type { InternalOAuthProvider, InternalProvider, ResolvedConfig } from "../../../lib/core/config/types.js"
import { resolveProviders } from "../../../lib/core/config/providers.js"
import type { RequestContext } from "../../../lib/core/context.js"
import { defaultCookies } from "../../../lib/core/cookies.js"
import type { OAuthConfig } from "../../../lib/providers/types.js"
import type { SetCookie } from "../../../lib/core/vocabulary/http.js"

export const SECRET = "oauth-test-secret-0123456789abcdefghijklmnopqrstuvwxyz"
export const BASE_URL = "http://localhost:3000/auth"

export interface ContextInit {
  method?: string
  query?: Record<string, string>
  body?: Record<string, unknown>
  cookies?: Record<string, string>
  secure?: boolean
}

/** A RequestContext with only what the OAuth code reads (config.secrets, cookies, request). */
export function oauthContext(provider: InternalProvider, init: ContextInit = {}): RequestContext {
  const secure = init.secure ?? false
  const errors: Error[] = []
  const config = {
    secrets: [SECRET],
    logger: { error: (e: Error) => void errors.push(e), warn: () => {}, debug: () => {} },
  } as unknown as ResolvedConfig
  return {
    config,
    request: {
      method: init.method ?? "GET",
      action: "callback",
      providerId: provider.id,
      protocol: secure ? "https" : "http",
      headers: { host: "localhost:3000" },
      query: init.query ?? {},
      cookies: init.cookies ?? {},
      body: init.body,
    },
    origin: "http://localhost:3000",
    baseUrl: BASE_URL,
    secure,
    cookies: defaultCookies(secure),
    provider,
    csrfToken: "",
    csrfVerified: false,
    callbackUrl: "http://localhost:3000",
    initCookies: [],
  }
}

/** Resolves one OAuth provider object as the engine would at start-up. */
export function resolveOAuth(provider: Partial<OAuthConfig> & Record<PropertyKey, unknown>): InternalOAuthProvider {
  return resolveProviders([provider as OAuthConfig], {})[0] as InternalOAuthProvider
}

/** name → value, as the browser would send the cookies back. */
export function jarOf(cookies: SetCookie[]): Record<string, string> {
  return Object.fromEntries(cookies.filter((c) => c.value !== "").map((c) => [c.name, c.value]))
}

/** The callback URL's query as a flat map. */
export function queryOf(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams)
}
