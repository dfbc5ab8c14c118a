/** The Auth.js actions, as they appear in the URL after basePath. */
export type AuthAction =
  | "providers"
  | "session"
  | "csrf"
  | "signin"
  | "signout"
  | "callback"
  | "verify-request"
  | "error"
  | "webauthn-options"
  /** Ours: the passkey script of the built-in sign-in page. */
  | "webauthn-script.js"

/**
 * A request as the engine sees it: plain values, no framework objects and no Web `Request`.
 * The framework layer fills it in one hop from its own request object.
 */
export interface AuthRequest {
  /** Upper-case HTTP method. */
  method: string
  action: AuthAction
  providerId?: string
  /**
   * The path the auth routes are mounted at as this request reached them, including any global prefix
   * (e.g. `/v1/api/auth`). Defaults to the configured `basePath`.
   */
  basePath?: string
  /** The scheme the connection used ("http" or "https"), before any proxy header is considered. */
  protocol: string
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: Readonly<Record<string, string | undefined>>
  /** Flat query map (last value wins). */
  query: Readonly<Record<string, string>>
  /** Request cookies; the first occurrence of a name wins. */
  cookies: Readonly<Record<string, string>>
  /** Parsed form or JSON body (POST only); undefined when there is none. */
  body?: Readonly<Record<string, unknown>>
  /**
   * The client's address as the framework sees it (Express `req.ip`: the socket's peer, or with
   * `trust proxy` the address the trusted proxies name). Counts `limits` per client; never a raw header.
   */
  clientAddress?: string
}

/** A cookie to set (or, with `maxAge: 0` and an empty value, to delete). */
export interface SetCookie {
  name: string
  value: string
  options: CookieOptions
}

/** What the engine answers; the framework layer writes it out as it is. */
export interface AuthResponse {
  status: number
  /** Header names in lower case. `location` is set for redirects. */
  headers: Record<string, string>
  cookies: SetCookie[]
  /** A string for HTML, any JSON value otherwise; undefined for an empty body. */
  body?: unknown
}

export interface CookieOptions {
  httpOnly?: boolean
  sameSite?: "lax" | "strict" | "none"
  path?: string
  secure?: boolean
  domain?: string
  /** Seconds; 0 deletes the cookie. */
  maxAge?: number
  expires?: Date
  partitioned?: boolean
  priority?: "low" | "medium" | "high"
}

/** The cookies Auth.js uses, by their config key. */
export type CookieKey =
  | "sessionToken"
  | "callbackUrl"
  | "csrfToken"
  | "pkceCodeVerifier"
  | "state"
  | "nonce"
  | "webauthnChallenge"

export interface CookieDef {
  name: string
  options: CookieOptions
}
