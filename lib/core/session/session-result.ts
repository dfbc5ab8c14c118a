import type { JWT, Session } from "../vocabulary/models.js"
import type { SetCookie } from "../vocabulary/http.js"

export interface SessionInput {
  protocol: string
  /** Only `x-forwarded-proto` is read (with a trusted host), to pick the cookie name. */
  headers: Readonly<Record<string, string | undefined>>
  /** The request's cookies; when absent, the session cookie is read out of `cookieHeader`. */
  cookies?: Readonly<Record<string, string>>
  /** The raw `Cookie` header: only the session cookie and its chunks get parsed (per-request path). */
  cookieHeader?: string
}

export interface SessionResult {
  session: Session | null
  /** The decoded JWT (after the `jwt` callback); null for database sessions or no session. */
  token: JWT | null
  /** Cookies the caller should forward: a due refresh of the session cookie, or its removal. */
  cookies: SetCookie[]
  /**
   * The adapter failed (database down): nobody can be told whether the session is valid. The
   * session is null, the cookie is kept, and a guard should answer 503 rather than 401.
   */
  unavailable?: true
}
