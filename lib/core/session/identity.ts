import type { JWT, Session } from "../vocabulary/models.js"

/*
 * next-auth up to 4.24.4 sealed its PKCE, state and nonce cookies with the session's own key
 * (CVE-2023-48309): anyone who starts an OAuth sign-in holds a token that decrypts as a session.
 * Such a token carries `{ value }` and no `sub`. A session must name somebody: a `sub`, or a user
 * with an id or an email. These checks run in every mode, on cookies and bearer tokens alike.
 */

function nonEmptyString(value: unknown): boolean {
  return typeof value === "string" && value.length > 0
}

/** A decoded token shaped like a check cookie: a `value` claim and no `sub`. */
export function looksLikeCheckCookie(token: JWT): boolean {
  return "value" in token && !nonEmptyString(token.sub)
}

/** True when the token or the session it made names a user. */
export function namesSomebody(token: JWT, session: Session | null): boolean {
  if (nonEmptyString(token.sub)) return true
  const user = session?.user as { id?: unknown; email?: unknown } | undefined
  return !!user && (nonEmptyString(user.id) || nonEmptyString(user.email))
}
