import * as o from "oauth4webapi"
import type { InternalOAuthProvider } from "../config/types.js"
import type { RequestContext } from "../context.js"
import { expireCookie } from "../cookies.js"
import { CHECK_COOKIE_MAX_AGE } from "../config/defaults.js"
import type { CookieKey, CookieOptions } from "../vocabulary/http.js"
import { InvalidCheck } from "../vocabulary/errors.js"
import { decode, encode } from "../jwt/encode-decode.js"
import type { SetCookie } from "../vocabulary/http.js"

/** A check value and the cookie that carries it (on create) or deletes it (on use). */
export interface CheckResult {
  value: string
  cookie: SetCookie
}

/** One anti-forgery check of the authorization code flow (§7.3). */
export interface OAuthCheck {
  /** Makes a fresh value and the sealed cookie that remembers it until the callback. */
  create(ctx: RequestContext, provider: InternalOAuthProvider): Promise<CheckResult>
  /** Reads the value back from the request's cookie; `InvalidCheck` when missing, unreadable or foreign. */
  use(ctx: RequestContext, provider: InternalOAuthProvider): Promise<CheckResult>
}

/** The salt of the JWE that is the state value itself (Auth.js's name, so states are interchangeable). */
const STATE_SALT = "encodedState"

/** RFC 6749 §10.12: the `state` parameter, an encrypted random value bound to this browser. */
export const state: OAuthCheck = {
  create: (ctx, provider) => createState(ctx, provider, undefined),
  use: (ctx, provider) => unseal(ctx, provider, "state"),
}

/**
 * The state value, carrying `origin` (the preview's callback URL) when a redirect proxy is used:
 * only holders of the secret can read or mint it (§7.11).
 */
export async function createState(
  ctx: RequestContext,
  provider: InternalOAuthProvider,
  origin: string | undefined,
): Promise<CheckResult> {
  const token = origin === undefined ? { random: o.generateRandomState() } : { origin, random: o.generateRandomState() }
  const value = await encode({ token, secret: [...ctx.config.secrets], salt: STATE_SALT, maxAge: CHECK_COOKIE_MAX_AGE })
  return { value, cookie: await seal(ctx, provider, "state", value) }
}

/** The claims of a state value; `InvalidCheck` when it was not made with our secret or has expired. */
export async function decodeState(ctx: RequestContext, value: string): Promise<Record<string, unknown>> {
  let claims: Record<string, unknown> | null
  try {
    claims = await decode({ token: value, secret: [...ctx.config.secrets], salt: STATE_SALT })
  } catch (cause) {
    throw new InvalidCheck("State could not be decoded", { cause })
  }
  if (!claims) throw new InvalidCheck("State could not be decoded")
  return claims
}

/** RFC 7636: the cookie keeps the code verifier; `create` returns the S256 code challenge. */
export const pkce: OAuthCheck = {
  async create(ctx, provider) {
    const verifier = o.generateRandomCodeVerifier()
    const challenge = await o.calculatePKCECodeChallenge(verifier)
    return { value: challenge, cookie: await seal(ctx, provider, "pkceCodeVerifier", verifier) }
  },
  use: (ctx, provider) => unseal(ctx, provider, "pkceCodeVerifier"),
}

/** OpenID Connect Core §3.1.2.1: the `nonce` the ID token must echo. */
export const nonce: OAuthCheck = {
  async create(ctx, provider) {
    const value = o.generateRandomNonce()
    return { value, cookie: await seal(ctx, provider, "nonce", value) }
  },
  use: (ctx, provider) => unseal(ctx, provider, "nonce"),
}

/**
 * Attributes of a check cookie. With `response_mode=form_post` the IdP POSTs the callback
 * cross-site, so state and nonce need `SameSite=None; Secure` to come back (Auth.js does the same).
 */
function cookieOptions(ctx: RequestContext, provider: InternalOAuthProvider, key: CookieKey): CookieOptions {
  const options = { ...ctx.cookies[key].options }
  if (provider.formPost && (key === "state" || key === "nonce")) {
    options.sameSite = "none"
    options.secure = true
  }
  return options
}

/** The cookie JWE: salt is the cookie's own name, claims `{value, provider}`, 15 minutes. */
async function seal(
  ctx: RequestContext,
  provider: InternalOAuthProvider,
  key: CookieKey,
  value: string,
): Promise<SetCookie> {
  const { name } = ctx.cookies[key]
  const token = await encode({
    token: { value, provider: provider.id },
    secret: [...ctx.config.secrets],
    salt: name,
    maxAge: CHECK_COOKIE_MAX_AGE,
  })
  const expires = new Date(Date.now() + CHECK_COOKIE_MAX_AGE * 1000)
  return { name, value: token, options: { ...cookieOptions(ctx, provider, key), expires } }
}

async function unseal(ctx: RequestContext, provider: InternalOAuthProvider, key: CookieKey): Promise<CheckResult> {
  const { name } = ctx.cookies[key]
  const raw = ctx.request.cookies[name]
  if (!raw) throw new InvalidCheck(`${key} cookie was missing`)
  let claims: Record<string, unknown> | null
  try {
    claims = await decode({ token: raw, secret: [...ctx.config.secrets], salt: name })
  } catch (cause) {
    throw new InvalidCheck(`${key} cookie could not be decrypted`, { cause })
  }
  const value = claims?.value
  if (typeof value !== "string" || value === "") throw new InvalidCheck(`${key} cookie holds no value`)
  // A check made for one provider must not complete another provider's callback.
  if (claims?.provider !== provider.id) throw new InvalidCheck(`${key} cookie was made for another provider`)
  return { value, cookie: expireCookie(name, cookieOptions(ctx, provider, key)) }
}
