import type { RequestContext } from "../context.js"
import { deleteDatabaseSession, isPlausibleSessionToken } from "../session/database-session.js"
import { MissingCSRF, SignOutError } from "../vocabulary/errors.js"
import { fireEvent } from "../events.js"
import { decodeSessionToken } from "../session/jwt-session.js"
import { renderSignOutPage } from "../pages/render.js"
import { redirect } from "../responses.js"
import { clearSessionCookie, readSessionCookie } from "../session/cookie-store.js"
import { signOutAtIdp } from "../tokens/idp-sign-out.js"
import { signOutStoredAccountAtIdp } from "../tokens/account-sign-out.js"
import type { AuthResponse, SetCookie } from "../vocabulary/http.js"

/**
 * GET signout renders the confirmation page. POST signout (CSRF required) ends the session — deletes
 * the database session, fires `signOut` — clears every session cookie chunk and goes to the callback URL.
 * Failures while ending the session are logged; the cookies are cleared regardless (as in Auth.js:
 * during a database outage the row outlives the cookie until it expires).
 */
export async function signOutAction(ctx: RequestContext): Promise<AuthResponse> {
  if (ctx.request.method === "GET") return renderSignOutPage(ctx)
  if (!ctx.csrfVerified) throw new MissingCSRF("CSRF token missing or invalid")
  const { config } = ctx
  const def = ctx.cookies.sessionToken
  const { value, names } = readSessionCookie(ctx.request.cookies, def.name)
  const cookies: SetCookie[] = [...ctx.initCookies]
  let target = ctx.callbackUrl
  if (value) {
    try {
      if (config.session.strategy === "jwt") {
        const token = await decodeSessionToken(config, value, def.name)
        await fireEvent(config, "signOut", { token })
        // tokens.revokeOnSignOut / endSessionOnSignOut: the IdP's turn (RP-initiated logout may redirect).
        target = (await signOutAtIdp(ctx, token)) ?? target
      } else if (isPlausibleSessionToken(value)) {
        target = (await signOutStoredAccountAtIdp(ctx, value)) ?? target
        const session = await deleteDatabaseSession(config, value)
        await fireEvent(config, "signOut", { session })
      }
    } catch (error) {
      config.logger.error(new SignOutError("Could not end the session cleanly", { cause: error }))
    }
    cookies.push(...clearSessionCookie(def, names))
  }
  return redirect(target, ctx.request, cookies)
}
