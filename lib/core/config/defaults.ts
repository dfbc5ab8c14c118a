/**
 * Every default value of the package in one place: Auth.js's where Auth.js has one. The files that
 * apply a default import it from here; none writes the value again.
 */

/** Where the auth routes are mounted. */
export const DEFAULT_BASE_PATH = "/auth"

/** Seconds a session lives without activity: 30 days. Also the session JWT's `maxAge`. */
export const DEFAULT_SESSION_MAX_AGE = 30 * 24 * 60 * 60

/** Seconds between sliding refreshes of a session: 1 day. */
export const DEFAULT_SESSION_UPDATE_AGE = 24 * 60 * 60

/** Seconds a session JWT lives unless `maxAge` says otherwise (30 days, as the session). */
export const DEFAULT_JWT_MAX_AGE = DEFAULT_SESSION_MAX_AGE

/** Seconds a sign-in link stays valid: 1 day (providers/nodemailer.ts repeats it: provider files import only types). */
export const DEFAULT_EMAIL_MAX_AGE = 24 * 60 * 60

/** Seconds the OAuth check cookies (PKCE, state, nonce, WebAuthn challenge) live: 15 minutes. */
export const CHECK_COOKIE_MAX_AGE = 15 * 60

/** Milliseconds before a request to an IdP is aborted, unless `httpOptions.timeout` says otherwise. */
export const DEFAULT_HTTP_TIMEOUT_MS = 10_000

/** Budget of the verified-token cache: 8 Mi characters (8–16 MiB), some 10,000 sessions of ~800 characters. */
export const DEFAULT_VERIFIED_TOKENS_CHARS = 8 * 1024 * 1024

/** While the adapter keeps failing, a reminder is logged at most this often (milliseconds). */
export const OUTAGE_REMINDER_MS = 60_000

/** The built-in pages' look without a `theme` option. */
export const DEFAULT_THEME = { colorScheme: "auto", logo: "", brandColor: "", buttonText: "" } as const

/** The session strategy without an adapter (with one, it is `database`). */
export const DEFAULT_SESSION_STRATEGY = "jwt"

/** WebAuthn (passkey) provider options left out: Auth.js's values. */
export const DEFAULT_WEBAUTHN = {
  enableConditionalUI: true,
  /** Milliseconds the browser gives the user to answer a WebAuthn prompt (Auth.js: 5 minutes; providers/passkey.ts repeats it: provider files import only types). */
  timeout: 5 * 60 * 1000,
} as const

/** Shorter secrets fail boot in production and warn elsewhere (`openssl rand -base64 33` gives 44). */
export const MIN_SECRET_LENGTH = 32

/** Refreshes shared between instances (`tokens.coordinator`) and the database-session read cache. */
export const coordinationDefaults = {
  /** A call to the coordinator slower than this counts as an outage (ms): requests never hang on it. */
  callTimeoutMs: 500,
  /** How long an instance holds the refresh lock beyond the IdP's timeout (ms), in case it dies. */
  lockMarginMs: 5_000,
  /** How often a waiting instance looks for the winner's result (ms). */
  pollMs: 25,
  /** The read cache's `maxAge` when none is given, and the largest one accepted (seconds). */
  readCacheMaxAge: 5,
  readCacheLimit: 10,
  /** Entries held by the read cache at most (oldest dropped first). */
  readCacheEntries: 10_000,
} as const

/**
 * Sign-in limits (`limits`): windows in seconds, counted from the first hit. Generous enough for a
 * person who mistypes or a shared office address, tight enough to stop guessing one password.
 */
export const limitDefaults = {
  credentials: {
    /** Failed attempts per account, then a lock until the window ends. */
    perIdentifier: { max: 5, window: 15 * 60 },
    /** Failed attempts per client address, over all accounts. */
    perClient: { max: 50, window: 15 * 60 },
  },
  email: {
    /** Sign-in mails per address. */
    perIdentifier: { max: 5, window: 15 * 60 },
    /** Sign-in mails requested per client address. */
    perClient: { max: 20, window: 15 * 60 },
  },
  /** IPv6 clients count per /56 network, as express-rate-limit's default. */
  ipv6Subnet: 56,
  /** Keys a store in memory holds at most (oldest dropped first). */
  memoryEntries: 100_000,
  /** A store call slower than this counts as an outage (ms): sign-ins never hang on it. */
  callTimeoutMs: 500,
} as const
