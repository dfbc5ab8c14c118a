/**
 * Sign-in limits (an extension of Auth.js): how many failed credentials attempts and how many
 * sign-in mails an account and a client address get per time window. The words the option, the
 * stores and the engine share.
 */

/** A count and the milliseconds until its window ends. */
export interface LimitCount {
  count: number
  resetMs: number
}

/**
 * Where the counts live. In memory by default (one process); `redisLimitStore` from
 * `nestjs-authjs/redis` shares them between instances. Keys are short strings without personal
 * data in clear (identifiers are hashed). Every key expires, so nothing outlives its window.
 */
export interface LimitStore {
  /** Adds one to `key`. The first hit starts a window of `windowMs`; later hits do not extend it. */
  increment(key: string, windowMs: number): PromiseLike<LimitCount>
  /** Takes one off `key` when it exists (an attempt that was reserved but did not fail). */
  decrement(key: string): PromiseLike<void>
  /** Forgets `key` (a successful sign-in clears its identifier's failures). */
  reset(key: string): PromiseLike<void>
}

/** At most `max` in `window` seconds; the window starts at the first one. */
export interface LimitRule {
  max: number
  /** Seconds. */
  window: number
}

/** What the app's `identify` hook receives: the posted form, and the provider it names. */
export type IdentifyCredentials = (
  credentials: Readonly<Record<string, unknown>>,
  providerId: string,
) => string | null | undefined

export interface CredentialsLimitOptions {
  /** Failed attempts per account (the normalised identifier). `false`: no limit per account. */
  perIdentifier?: LimitRule | false
  /** Failed attempts per client address (`req.ip`, which honours Express `trust proxy`). */
  perClient?: LimitRule | false
  /**
   * The account a form names. Default: the first credentials field called email, username,
   * identifier, login or user, else the first field that is not a password; trimmed and lower-cased.
   * Return null or undefined to count only per client.
   */
  identify?: IdentifyCredentials
}

export interface EmailLimitOptions {
  /** Sign-in mails per address. */
  perIdentifier?: LimitRule | false
  /** Sign-in mails requested per client address. */
  perClient?: LimitRule | false
}

/** The `limits` option: on by default with the defaults in config/defaults.ts; `false` turns all off. */
export interface SignInLimitsOptions {
  /** Default: a store in this process. Give several instances one shared store (`redisLimitStore`). */
  store?: LimitStore
  credentials?: CredentialsLimitOptions | false
  email?: EmailLimitOptions | false
  /**
   * IPv6 clients count per network of this many leading bits, since one subscriber holds a whole
   * prefix (often a /56 or a /64) and could use a fresh address for every attempt. Default 56, as
   * express-rate-limit; `false` counts each IPv6 address on its own. IPv4 addresses count as themselves.
   */
  ipv6Subnet?: number | false
}

/** The limits after start-up: rules in milliseconds, undefined where off. */
export interface ResolvedLimits {
  store: LimitStore
  credentials?: {
    perIdentifier?: ResolvedRule
    perClient?: ResolvedRule
    identify?: IdentifyCredentials
  }
  email?: { perIdentifier?: ResolvedRule; perClient?: ResolvedRule }
  /** Prefix length IPv6 clients are counted by; 128 when each address counts on its own. */
  ipv6Subnet: number
}

export interface ResolvedRule {
  max: number
  windowMs: number
}

/** What the `signInLimited` event and the `sign-in-limited` warning carry. */
export interface SignInLimitedMessage {
  /** `credentials`: a sign-in attempt was refused; `email`: a sign-in mail was not sent. */
  kind: "credentials" | "email"
  provider: string
  /** Which count ran out. */
  scope: "identifier" | "client"
  /** The identifier as an HMAC of the secret: the same account gives the same value on every instance. */
  identifierHash?: string
  /** The client as counted: its address (`req.ip`), or its IPv6 network (`2001:db8:0:ab00::/56`). */
  client?: string
  /** Seconds until the window ends. */
  retryAfter: number
}
