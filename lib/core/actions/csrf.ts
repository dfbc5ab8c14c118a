import { expireCookie } from "../cookies.js"
import type { RequestContext } from "../context.js"
import { json, noStoreHeaders } from "../responses.js"
import type { AuthResponse } from "../vocabulary/http.js"

/** GET csrf: the double-submit token; the cookie is (re)set only when the request had no valid one. */
export function csrfAction(ctx: RequestContext): AuthResponse {
  if (ctx.config.skipCSRFCheck) {
    const { name, options } = ctx.cookies.csrfToken
    return { status: 404, headers: {}, cookies: [expireCookie(name, options)], body: undefined }
  }
  return json({ csrfToken: ctx.csrfToken }, { headers: { ...noStoreHeaders }, cookies: ctx.initCookies })
}
