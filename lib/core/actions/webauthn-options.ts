import type { InternalWebAuthnProvider } from "../config/types.js"
import type { RequestContext } from "../context.js"
import { InvalidProvider } from "../vocabulary/errors.js"
import type { AuthResponse } from "../vocabulary/http.js"
import { json } from "../responses.js"
import { WEBAUTHN_SCRIPT } from "../pages/webauthn-script.js"
import { authenticationOptions, chooseAction, registrationOptions, type WebAuthnAction } from "../webauthn/options.js"
import { hookOptions, hookRequest } from "../webauthn/hooks.js"
import { currentUser } from "./callback/login.js"

/**
 * GET webauthn-options/:provider (§4.12): the options for the browser's WebAuthn call, and the
 * challenge in its sealed cookie. A request that fits no ceremony is a 400 with Auth.js's body.
 */
export async function webauthnOptionsAction(ctx: RequestContext): Promise<AuthResponse> {
  const provider = ctx.provider
  if (provider?.type !== "webauthn") throw new InvalidProvider("webauthn-options needs a WebAuthn provider")
  const webauthn = provider as InternalWebAuthnProvider
  const asked = ctx.request.query.action
  if (asked !== undefined && asked !== "authenticate" && asked !== "register") {
    return json({ error: "Invalid action" }, { status: 400, cookies: [...ctx.initCookies] })
  }
  const signedIn = await currentUser(ctx)
  const info = signedIn
    ? { user: signedIn, exists: true }
    : await webauthn.getUserInfo(hookOptions(ctx, webauthn), hookRequest(ctx))
  const action = chooseAction(asked as WebAuthnAction | undefined, Boolean(signedIn), info)
  const user = info?.user
  let ceremony
  if (action === "authenticate") ceremony = await authenticationOptions(ctx, webauthn, user)
  else if (action === "register" && typeof user?.email === "string") {
    ceremony = await registrationOptions(ctx, webauthn, { ...user, email: user.email })
  }
  if (!ceremony) return json({ error: "Invalid request" }, { status: 400, cookies: [...ctx.initCookies] })
  return json(
    { action, options: ceremony.options },
    { cookies: [...ctx.initCookies, ceremony.cookie], headers: { "cache-control": "no-store" } },
  )
}

/** GET webauthn-script.js: the sign-in page's passkey script (ours; no CDN). */
export function webauthnScript(): AuthResponse {
  return {
    status: 200,
    headers: {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "public, max-age=3600",
      "x-content-type-options": "nosniff",
    },
    cookies: [],
    body: WEBAUTHN_SCRIPT,
  }
}
