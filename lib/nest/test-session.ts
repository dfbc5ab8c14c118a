import type { ResolvedConfig } from "../core/config/types.js"
import type { JWT, User } from "../core/vocabulary/models.js"
import { cookieDefs } from "../core/cookies.js"
import { writeSessionCookie } from "../core/session/cookie-store.js"
import { createDatabaseSession, encodeSessionToken, signInToken, type MintedSession } from "../core/session/mint-session.js"
import { RESOLVED_CONFIG } from "./auth.constants.js"

/** Anything that resolves providers: an `INestApplication`, a `TestingModule`, a `ModuleRef`. */
export interface ProviderSource {
  get(token: string, options?: { strict?: boolean }): unknown
}

export interface TestSessionOptions {
  /** Claims added to the JWT before your `jwt` callback runs (JWT sessions). */
  claims?: JWT
  /** Name the cookie as an https app does (`__Secure-authjs.session-token`). Default `false`. */
  secure?: boolean
}

/** A signed-in session for tests, in the three forms a request can carry it. */
export interface TestSession {
  /** A `Cookie` header value, e.g. `authjs.session-token=eyJ…` (chunks joined with `; `). */
  cookie: string
  /** An `Authorization` header value, `Bearer <token>` (accepted when the app sets `bearer: true`). */
  authorization: string
  /** The session token: the encrypted JWT, or the database session token. */
  token: string
  /** ISO-8601 expiry. */
  expires: string
}

/**
 * Signs `user` in without a provider, for your e2e tests: what a real sign-in would store, made
 * with the app's own config (secret, `jwt` callback, cookie names, adapter).
 *
 * - JWT sessions: the claims a sign-in makes (`sub`, `name`, `email`, `picture`, plus `claims`), passed
 *   through your `jwt` callback with `trigger: "signIn"` and `account: null`, then encrypted.
 * - Database sessions: a session row for `user.id` through your adapter (the user must exist there).
 *
 * @throws Error when the app has no `AuthModule`, the `jwt` callback refuses the user, or a database
 * session is asked for a user without an `id`.
 *
 * @example
 * ```ts
 * import { createTestSession } from "nestjs-authjs/testing"
 *
 * const { cookie } = await createTestSession(app, { id: "1", email: "ada@example.com", role: "admin" })
 * await request(app.getHttpServer()).get("/admin").set("Cookie", cookie).expect(200)
 * ```
 */
export async function createTestSession(
  app: ProviderSource,
  user: User,
  options: TestSessionOptions = {},
): Promise<TestSession> {
  const config = resolvedConfigOf(app)
  const def = cookieDefs(config, options.secure === true).sessionToken
  const { value: token, expires } =
    config.session.strategy === "jwt" ? await jwtSession(config, user, options.claims, def.name) : await databaseSession(config, user)
  const cookie = writeSessionCookie(token, def, [], expires)
    .map((c) => `${c.name}=${c.value}`)
    .join("; ")
  return { cookie, authorization: `Bearer ${token}`, token, expires: expires.toISOString() }
}

function resolvedConfigOf(app: ProviderSource): ResolvedConfig {
  let config: unknown
  try {
    config = app.get(RESOLVED_CONFIG, { strict: false })
  } catch {
    config = undefined
  }
  if (typeof config !== "object" || config === null || !("secrets" in config)) {
    throw new Error("createTestSession: the app has no AuthModule (import AuthModule.forRoot() in the module under test)")
  }
  return config as ResolvedConfig
}

/** As a sign-in without a provider account: the `jwt` callback sees `trigger: "signIn"`, `account: null`. */
async function jwtSession(config: ResolvedConfig, user: User, claims: JWT | undefined, salt: string): Promise<MintedSession> {
  const token = await signInToken(config, { user, account: null, isNewUser: false, claims })
  if (!token) throw new Error("createTestSession: the jwt callback returned null for this user")
  return encodeSessionToken(config, token, salt)
}

function databaseSession(config: ResolvedConfig, user: User): Promise<MintedSession> {
  if (!user.id) throw new Error("createTestSession: a database session needs the user's id")
  return createDatabaseSession(config, String(user.id))
}
