import type { CookieJar } from "./cookie-jar.js"
import { followAuthorization } from "./oidc/index.js"

const form = (fields: Record<string, string>): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
})

/**
 * Signs in through an OIDC provider the way a browser would: CSRF token, POST signin/<provider>
 * (with `login_hint=<sub>` so the test issuer picks that account), the IdP's redirects, then our
 * callback. Returns the callback's response (a 302 with the session cookie, or to an error page).
 */
export async function oidcSignIn(
  jar: CookieJar,
  appUrl: string,
  provider: string,
  sub: string,
  callbackUrl = `${appUrl}/profile`,
): Promise<Response> {
  const { csrfToken } = (await (await jar.fetch(`${appUrl}/auth/csrf`)).json()) as { csrfToken: string }
  const start = await jar.fetch(
    `${appUrl}/auth/signin/${provider}?login_hint=${encodeURIComponent(sub)}`,
    form({ csrfToken, callbackUrl }),
  )
  const location = start.headers.get("location")
  if (start.status !== 302 || !location) throw new Error(`sign-in did not start: ${start.status} ${location}`)
  const { callbackUrl: back } = await followAuthorization(location)
  return jar.fetch(back)
}

/** POST signout with the jar's CSRF token; returns the response (302 to the callback URL). */
export async function signOut(jar: CookieJar, appUrl: string): Promise<Response> {
  const { csrfToken } = (await (await jar.fetch(`${appUrl}/auth/csrf`)).json()) as { csrfToken: string }
  return jar.fetch(`${appUrl}/auth/signout`, form({ csrfToken, callbackUrl: `${appUrl}/health` }))
}
