import type { InternalWebAuthnProvider } from "../config/types.js"
import type { RequestContext } from "../context.js"
import { CHECK_COOKIE_MAX_AGE } from "../config/defaults.js"
import { expireCookie } from "../cookies.js"
import { decode, encode } from "../jwt/encode-decode.js"
import { WebAuthnVerificationError } from "../vocabulary/errors.js"
import type { SetCookie } from "../vocabulary/http.js"

/** The salt of the inner JWE that holds the challenge (Auth.js's name, so cookies are interchangeable). */
const CHALLENGE_SALT = "encodedWebauthnChallenge"

/** The user a registration is for, as the challenge cookie carries it. */
export type RegisterData = { id?: string; email?: string | null; name?: string | null; [claim: string]: unknown }

export interface Challenge {
  challenge: string
  registerData?: RegisterData
}

/**
 * Challenges already answered in this process, until their cookie would have expired: a replayed
 * response, sent again with the same cookie, is refused even when the authenticator has no counter.
 */
const spentChallengeCache = new Map<string, number>()
const SPENT_CACHE_LIMIT = 10_000

/**
 * WebAuthn §13.4.3: the challenge the browser's response must sign, kept until the callback in a
 * sealed check cookie (15 minutes, bound to the provider), as Auth.js's `webauthnChallenge` does.
 */
export const webauthnChallenge = {
  async create(ctx: RequestContext, provider: InternalWebAuthnProvider, value: Challenge): Promise<SetCookie> {
    const { name, options } = ctx.cookies.webauthnChallenge
    const secret = [...ctx.config.secrets]
    const inner = await encode({ token: { ...value }, secret, salt: CHALLENGE_SALT, maxAge: CHECK_COOKIE_MAX_AGE })
    const outer = await encode({ token: { value: inner, provider: provider.id }, secret, salt: name, maxAge: CHECK_COOKIE_MAX_AGE })
    return { name, value: outer, options: { ...options, expires: new Date(Date.now() + CHECK_COOKIE_MAX_AGE * 1000) } }
  },

  /** Reads the challenge once; a missing, expired, foreign or already-used one is `WebAuthnVerificationError`. */
  async use(ctx: RequestContext, provider: InternalWebAuthnProvider): Promise<Challenge & { cookie: SetCookie }> {
    const { name, options } = ctx.cookies.webauthnChallenge
    const raw = ctx.request.cookies[name]
    if (!raw) throw new WebAuthnVerificationError("The WebAuthn challenge cookie is missing (expired or never issued)")
    const secret = [...ctx.config.secrets]
    let claims: Record<string, unknown> | null = null
    try {
      const outer = await decode({ token: raw, secret, salt: name })
      if (outer?.provider !== provider.id || typeof outer.value !== "string") throw new Error("foreign or empty")
      claims = await decode({ token: outer.value, secret, salt: CHALLENGE_SALT })
    } catch (cause) {
      throw new WebAuthnVerificationError("The WebAuthn challenge cookie is invalid or expired", { cause })
    }
    const challenge = claims?.challenge
    if (typeof challenge !== "string" || !challenge) throw new WebAuthnVerificationError("The WebAuthn challenge is empty")
    spend(challenge, typeof claims?.exp === "number" ? claims.exp * 1000 : Date.now() + CHECK_COOKIE_MAX_AGE * 1000)
    const registerData = (claims?.registerData ?? undefined) as RegisterData | undefined
    return { challenge, registerData, cookie: expireCookie(name, options) }
  },
}

function spend(challenge: string, expiresAt: number): void {
  const now = Date.now()
  const until = spentChallengeCache.get(challenge)
  if (until !== undefined && until > now) throw new WebAuthnVerificationError("The WebAuthn challenge was already used")
  if (spentChallengeCache.size >= SPENT_CACHE_LIMIT) {
    for (const [key, at] of spentChallengeCache) if (at <= now) spentChallengeCache.delete(key)
    // Still full of live entries: drop the oldest rather than grow without bound.
    if (spentChallengeCache.size >= SPENT_CACHE_LIMIT) spentChallengeCache.delete(spentChallengeCache.keys().next().value!)
  }
  spentChallengeCache.set(challenge, expiresAt)
}
