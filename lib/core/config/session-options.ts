// The session's and its JWT's options (\`session\`, \`jwt\`): what a session is, how long it lives,
// how its cookie is encoded, and where "sign out everywhere" is remembered.
import type { Coordinator } from "../vocabulary/coordinator.js"
import type { Awaitable, JWT } from "../vocabulary/models.js"
import type { SessionRevocationStore } from "../vocabulary/session-management.js"

export interface JWTEncodeParams {
  /** The claims to encrypt. */
  token?: JWT
  /** First element encrypts. */
  secret: string | string[]
  /** The cookie name the token lives in; part of the key derivation. */
  salt: string
  /** Seconds until `exp`. Default 30 days. */
  maxAge?: number
}

export interface JWTDecodeParams {
  token?: string
  /** Every element is tried, by `kid`. */
  secret: string | string[]
  salt: string
}

export interface JWTOptions {
  /** Seconds the session JWT is valid for. Default: `session.maxAge`. */
  maxAge?: number
  /** Replace the built-in JWE encoder (e.g. to sign instead of encrypt). */
  encode?: (params: JWTEncodeParams) => Awaitable<string>
  /** Replace the built-in JWE decoder. */
  decode?: (params: JWTDecodeParams) => Awaitable<JWT | null>
  /**
   * Session checks with the built-in decoder remember the tokens they decrypted, so a browser's
   * repeat requests skip the HMAC and AES work (the claims are still checked and the callbacks
   * still run each time). `false` turns it off; `maxChars` bounds the memory: the characters of the
   * tokens and their plaintexts held, oldest dropped first. Default: on, 8 Mi characters (8–16 MiB),
   * some 10,000 typical sessions. Not used with a custom `decode`.
   */
  decodeCache?: boolean | { maxChars: number }
}

export interface SessionOptions {
  /** `"jwt"` (encrypted cookie) or `"database"` (adapter). Default: `"database"` with an adapter, else `"jwt"`. */
  strategy?: "jwt" | "database"
  /** Seconds a session lives while idle. Default 2592000 (30 days). */
  maxAge?: number
  /** Database strategy: extend a session's expiry at most this often (seconds). Default 86400. */
  updateAge?: number
  /** Database strategy: makes the session token. Default: a random UUID. */
  generateSessionToken?: () => string
  /**
   * Read the sessions of another app instead of issuing them: `"next-auth-v4"` for a Next.js app on
   * NextAuth v4 (`next-auth@4`), which signs people in while this API only reads its session cookie
   * (`next-auth.session-token`, `__Secure-` on https, chunks included). Then:
   * - the secret defaults to env `NEXTAUTH_SECRET` (else `AUTH_SECRET`), and must be the Next.js app's;
   * - `AuthGuard`, `@Session()` and `AuthService` decode v4's JWE; your `jwt` and `session` callbacks run;
   * - nothing is written: no session cookie is set, refreshed or cleared (the Next.js app does that);
   * - the auth routes answer 404, `providers` must be empty, and the strategy is `"jwt"`;
   * - a browser without a session is sent to `pages.signIn` (e.g. the Next.js app's sign-in URL)
   *   when set, else answered 401.
   *
   * A Next.js app on Auth.js (`next-auth@5`) needs no option: its sessions are this library's own.
   *
   * @example
   * ```ts
   * AuthModule.forRoot({ providers: [], session: { issuedBy: "next-auth-v4" } })
   * ```
   */
  issuedBy?: SessionIssuer
  /**
   * Database strategy: remember session reads for a few seconds in this process, so a burst of
   * requests costs one adapter read (off by default). `maxAge` is in seconds (at most 10). With a
   * `coordinator` that can publish (`redisCoordinator`), a sign-out or revocation through this
   * library on any instance removes the entry on every instance at once. A row deleted or changed
   * directly in the database is seen only when the entry expires (at most `maxAge` seconds later).
   *
   * @example
   * ```ts
   * session: { strategy: "database", readCache: { maxAge: 5, coordinator: redisCoordinator(redis) } }
   * ```
   */
  readCache?: { maxAge?: number; coordinator?: Coordinator }
  /**
   * JWT strategy: where "sign out everywhere" (`AuthService.revokeSessions`) is remembered, checked
   * on every session read. Without it JWT sessions cannot be revoked and the read costs nothing extra.
   * Use a store every instance shares (`RedisRevocationStore`); `MemoryRevocationStore` is for one process.
   */
  revocation?: SessionRevocationStore
}

/** Apps whose sessions `session.issuedBy` can read. */
export type SessionIssuer = "next-auth-v4"
