import type { JWTDecodeParams } from "../config/session-options.js"
import { defaultCookies, parseCookieHeader } from "../cookies.js"
import { MissingSecret } from "../vocabulary/errors.js"
import { decode as defaultDecode } from "../jwt/encode-decode.js"
import type { Awaitable, JWT } from "../vocabulary/models.js"
import { readSessionCookie } from "./cookie-store.js"
import { headerValue, type HeaderSource } from "../headers.js"


export interface GetTokenParams<Raw extends boolean = boolean> {
  /** Any request-like value: Express's and Node's requests qualify. */
  req: {
    headers: HeaderSource
    /** Already-parsed cookies (e.g. by cookie-parser); the `cookie` header is parsed otherwise. */
    cookies?: Readonly<Record<string, unknown>>
  }
  /** Required unless `raw` is true. Every element is tried, by `kid`. */
  secret?: string | string[]
  /** Read the `__Secure-` cookie (https deployments). Default false. */
  secureCookie?: boolean
  /** Default: `authjs.session-token`, or `__Secure-authjs.session-token` with `secureCookie`. */
  cookieName?: string
  /** Key derivation salt. Default: the cookie name. */
  salt?: string
  /** Return the encrypted token as it arrived instead of decoding it. */
  raw?: Raw
  /** The decoder to use when the app replaced `jwt.decode`. */
  decode?: (params: JWTDecodeParams) => Awaitable<JWT | null>
}

/** The session token from the (chunked) session cookie, else from `Authorization: Bearer`. */
function tokenFromRequest(req: GetTokenParams["req"], cookieName: string): string | null {
  const cookies = req.cookies ?? parseCookieHeader(headerValue(req.headers, "cookie"))
  const fromCookie = readSessionCookie(cookies, cookieName).value
  if (fromCookie) return fromCookie
  const authorization = headerValue(req.headers, "authorization")
  const [scheme, credentials] = authorization?.split(" ") ?? []
  if (scheme !== "Bearer" || !credentials) return null
  try {
    return decodeURIComponent(credentials)
  } catch {
    return null // malformed percent-encoding: not a token
  }
}

/**
 * Auth.js's `getToken` (§5.8): the decoded session JWT of any request, or null when there is
 * none or it does not decode. With `raw: true`, the token string as it arrived.
 *
 * @throws {MissingSecret} when `secret` is missing and `raw` is not set.
 */
export async function getToken(params: GetTokenParams<false>): Promise<JWT | null>
export async function getToken(params: GetTokenParams<true>): Promise<string | null>
export async function getToken(params: GetTokenParams): Promise<JWT | string | null>
export async function getToken(params: GetTokenParams): Promise<JWT | string | null> {
  const { req, secret, secureCookie = false, raw = false, decode = defaultDecode } = params
  const cookieName = params.cookieName ?? defaultCookies(secureCookie).sessionToken.name
  const salt = params.salt ?? cookieName
  const token = tokenFromRequest(req, cookieName)
  if (!token) return null
  if (raw) return token
  if (!secret || (Array.isArray(secret) && secret.length === 0)) {
    throw new MissingSecret("Must pass `secret` if not set to JWT getToken()")
  }
  try {
    return await decode({ token, secret, salt })
  } catch {
    return null
  }
}
