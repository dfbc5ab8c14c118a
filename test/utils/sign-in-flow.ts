import type { ResolvedConfig } from "../../lib/core/config/types.js"
import { decode } from "../../lib/core/jwt/encode-decode.js"
import type { JWT, Session } from "../../lib/core/vocabulary/models.js"
import type { AuthResponse } from "../../lib/core/vocabulary/http.js"
import { browseIdp, type IdpRouter } from "./oidc/index.js"
import { applyCookies, getCsrf, makeAuthRequest } from "./make-auth-request.js"
import { AUTH_SECRET, SESSION_COOKIE } from "./test-config.js"

/** How the IdP answers the browser: the callback request it causes (GET query or form_post body). */
export interface IdpReply {
  method: "GET" | "POST"
  params: Record<string, string>
}

export interface SignInOutcome {
  /** Where POST signin sent the browser. */
  authorizationUrl: URL
  /** The engine's answer to the callback. */
  callback: AuthResponse
  /** The cookies the browser holds afterwards. */
  jar: Record<string, string>
  /** The decrypted session cookie (null when none was set, or with database sessions). */
  token: JWT | null
  /** GET session afterwards. */
  session: Session | null
}

/**
 * A whole sign-in through the engine, as a browser does it: CSRF token, POST signin/:id, the IdP
 * (`reply`), the callback, then GET session.
 */
export async function signInThrough(
  config: ResolvedConfig,
  providerId: string,
  reply: (authorizationUrl: URL) => Promise<IdpReply>,
): Promise<SignInOutcome> {
  const csrf = await getCsrf(config)
  const started = await makeAuthRequest(config, {
    method: "POST",
    action: "signin",
    providerId,
    cookies: csrf.jar,
    body: { csrfToken: csrf.token, callbackUrl: "http://localhost:3000/home" },
  })
  const location = started.headers.location
  if (started.status !== 302 || !location) throw new Error(`POST signin answered ${started.status} ${location ?? ""}`)
  const authorizationUrl = new URL(location)
  let jar = applyCookies(csrf.jar, started.cookies)
  if (authorizationUrl.pathname.endsWith("/error")) {
    return { authorizationUrl, callback: started, jar, token: null, session: null }
  }

  const answer = await reply(authorizationUrl)
  const callback = await makeAuthRequest(config, {
    method: answer.method,
    action: "callback",
    providerId,
    cookies: jar,
    ...(answer.method === "GET" ? { query: answer.params } : { body: answer.params }),
  })
  jar = applyCookies(jar, callback.cookies)
  return { authorizationUrl, callback, jar, ...(await sessionOf(config, jar)) }
}

/** The decrypted session cookie and GET session for a cookie jar. */
export async function sessionOf(config: ResolvedConfig, jar: Record<string, string>) {
  const raw = jar[SESSION_COOKIE]
  const isJwt = config.session.strategy === "jwt"
  const token = raw && isJwt ? await decode({ token: raw, secret: AUTH_SECRET, salt: SESSION_COOKIE }) : null
  const res = await makeAuthRequest(config, { action: "session", cookies: jar })
  return { token, session: res.body as Session | null }
}

/** An OIDC IdP's reply: the browser walks its login and consent pages through the router. */
export function viaIdp(router: IdpRouter, adjust?: (form: Record<string, string>) => void) {
  return async (authorizationUrl: URL): Promise<IdpReply> => {
    const { callbackUrl, form } = await browseIdp(router, authorizationUrl)
    if (form) {
      adjust?.(form)
      return { method: "POST", params: form }
    }
    return { method: "GET", params: Object.fromEntries(callbackUrl.searchParams) }
  }
}

/** A plain OAuth 2 IdP's reply: it redirects back with `code` and our `state` (plus `extra`). */
export function withCode(code: string, extra: Record<string, string> = {}) {
  return async (authorizationUrl: URL): Promise<IdpReply> => {
    const state = authorizationUrl.searchParams.get("state")
    return { method: "GET", params: { code, ...(state ? { state } : {}), ...extra } }
  }
}
