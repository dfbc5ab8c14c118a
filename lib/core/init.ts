import { resolveCallbackUrl } from "./callback-url.js"
import type { ResolvedConfig } from "./config/types.js"
import type { RequestContext } from "./context.js"
import { cookieDefs } from "./cookies.js"
import { createCsrf } from "./csrf.js"
import { InvalidProvider } from "./vocabulary/errors.js"
import { requestOrigin } from "./origin.js"
import type { AuthRequest, SetCookie } from "./vocabulary/http.js"

/** Auth.js's per-request "init": origin, cookie names, provider, CSRF and the callback URL. */
export async function createContext(request: AuthRequest, config: ResolvedConfig): Promise<RequestContext> {
  const origin = requestOrigin(config, request.protocol, request.headers)
  const secure = config.useSecureCookies ?? origin.startsWith("https:")
  const cookies = cookieDefs(config, secure)
  const basePath = request.basePath ?? config.basePath
  const initCookies: SetCookie[] = []

  let provider: RequestContext["provider"]
  if (request.providerId !== undefined && request.providerId !== "undefined") {
    provider = config.providersById.get(request.providerId)
    if (!provider) throw new InvalidProvider("Unknown provider")
  }

  const csrf = createCsrf({
    cookieValue: request.cookies[cookies.csrfToken.name],
    secretString: config.secretString,
    isPost: request.method === "POST",
    bodyToken: request.body?.csrfToken,
  })
  if (csrf.cookieValue !== undefined) {
    initCookies.push({ name: cookies.csrfToken.name, value: csrf.cookieValue, options: cookies.csrfToken.options })
  }

  const cookieCallbackUrl = request.cookies[cookies.callbackUrl.name]
  const callbackUrl = await resolveCallbackUrl(config, origin, {
    body: request.body?.callbackUrl,
    query: request.query.callbackUrl,
    cookie: cookieCallbackUrl,
  })
  if (callbackUrl !== cookieCallbackUrl) {
    initCookies.push({ name: cookies.callbackUrl.name, value: callbackUrl, options: cookies.callbackUrl.options })
  }

  return {
    config,
    request,
    origin,
    baseUrl: `${origin}${basePath}`,
    secure,
    cookies,
    provider,
    csrfToken: csrf.token,
    csrfVerified: config.skipCSRFCheck || csrf.verified,
    callbackUrl,
    initCookies,
  }
}
