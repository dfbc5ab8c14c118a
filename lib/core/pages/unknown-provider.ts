import type { RequestContext } from "../context.js"
import type { AuthResponse } from "../vocabulary/http.js"
import { renderErrorPage } from "./render.js"

/**
 * `signin/<id>` or `callback/<id>` for a provider that does not exist: a client's mistake (a typo, an
 * old link, a probe), so a 404 page and one warn line naming the id, quoted and cut short: the id is
 * untrusted text and must neither break the log line nor reach the page. Auth.js answers the 500
 * `Configuration` page.
 */
export function unknownProviderPage(ctx: RequestContext, providerId: string): AuthResponse {
  const { config } = ctx
  const known = config.providers.map((p) => p.id).join(", ") || "none"
  config.logger.warn("unknown-provider", `no provider ${JSON.stringify(providerId.slice(0, 64))} (the providers are: ${known})`)
  if (config.pages.error) return renderErrorPage(ctx, "Configuration")
  // The generic page (no error type of the query may choose another), with the status it deserves.
  return { ...renderErrorPage(ctx, ""), status: 404 }
}
