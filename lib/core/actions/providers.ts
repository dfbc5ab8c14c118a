import type { RequestContext } from "../context.js"
import { json } from "../responses.js"
import type { AuthResponse } from "../vocabulary/http.js"

/** GET providers: every provider with its sign-in and callback URLs, in config order. No cookies. */
export function providersAction(ctx: RequestContext): AuthResponse {
  const body: Record<string, unknown> = {}
  for (const { id, name, type } of ctx.config.providers) {
    body[id] = {
      id,
      name,
      type,
      signinUrl: `${ctx.baseUrl}/signin/${id}`,
      callbackUrl: `${ctx.baseUrl}/callback/${id}`,
    }
  }
  return json(body)
}
