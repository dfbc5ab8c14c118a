import type { ResolvedConfig } from "../core/config/types.js"
import type { JWT, User } from "../core/vocabulary/models.js"
import { writeSessionCookie } from "../core/session/cookie-store.js"
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
  const def = (options.secure ? config.cookies.secure : config.cookies.plain).sessionToken
  const { token, expires } =
    config.session.strategy === "jwt" ? await jwtSession(config, user, options, def.name) : await databaseSession(config, user)
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

async function jwtSession(config: ResolvedConfig, user: User, options: TestSessionOptions, salt: string) {
  const claims: JWT = { name: user.name, email: user.email, picture: user.image, sub: user.id?.toString(), ...options.claims }
  const token = await config.callbacks.jwt({ token: claims, user, account: null, trigger: "signIn", isNewUser: false })
  if (!token) throw new Error("createTestSession: the jwt callback returned null for this user")
  const value = await config.jwt.encode({ token, secret: [...config.secrets], salt, maxAge: config.jwt.maxAge })
  return { token: value, expires: new Date(Date.now() + config.session.maxAge * 1000) }
}

async function databaseSession(config: ResolvedConfig, user: User) {
  if (!user.id) throw new Error("createTestSession: a database session needs the user's id")
  const sessionToken = config.session.generateSessionToken()
  const expires = new Date(Date.now() + config.session.maxAge * 1000)
  await config.adapter!.createSession!({ sessionToken, userId: String(user.id), expires })
  return { token: sessionToken, expires }
}
