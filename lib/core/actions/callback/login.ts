import { randomUUID } from "node:crypto"
import type { AdapterAccount, AdapterUser } from "../../vocabulary/adapter.js"
import { adapterCall } from "../../adapter/call.js"
import type { InternalOAuthProvider } from "../../config/types.js"
import type { RequestContext } from "../../context.js"
import { isPlausibleSessionToken } from "../../session/database-session.js"
import { OAuthAccountNotLinked } from "../../vocabulary/errors.js"
import { fireEvent } from "../../events.js"
import { decodeSessionToken } from "../../session/jwt-session.js"
import { createDatabaseSession, sessionCookiesFor, signInToken } from "../../session/mint-session.js"
import type { Account, Profile, User } from "../../vocabulary/models.js"
import { redirect, withQuery } from "../../responses.js"
import { clearSessionCookie, readSessionCookie } from "../../session/cookie-store.js"
import { replaceStoredTokens } from "../../tokens/stored-account.js"
import type { AuthResponse, SetCookie } from "../../vocabulary/http.js"

export interface LoginInput {
  user: User
  /** The user the adapter already links to this account (looked up before the signIn callback). */
  userByAccount?: AdapterUser | null
  account: Account
  profile?: Profile
  provider: InternalOAuthProvider
  /** Cookies the flow already queued (used check cookies to delete). */
  cookies: SetCookie[]
}

/**
 * Finishes an OAuth/OIDC sign-in (§10.2): finds or creates the user and links the account when an
 * adapter is configured, then issues the session (JWT cookie or database session) and redirects.
 */
export async function completeOAuthLogin(ctx: RequestContext, input: LoginInput): Promise<AuthResponse> {
  const linked = ctx.config.adapter
    ? await linkWithAdapter(ctx, input)
    : { user: input.user, isNewUser: undefined, sessionToken: undefined }
  return issueSession(ctx, linked, input)
}

/**
 * Finishes an email sign-in (§10.2 step 2): the link proved the address, so its user is marked
 * verified, or created; then the session is issued as for OAuth.
 */
export async function completeEmailLogin(ctx: RequestContext, input: { email: string; account: Account }): Promise<AuthResponse> {
  const linked = await linkEmailUser(ctx, input.email)
  // Auth.js keeps a throw-away id here for a new user (quirk 10); callbacks and events get the real one.
  return issueSession(ctx, linked, { account: { ...input.account, userId: String(linked.user.id) }, cookies: [] })
}

/** Sets the session cookie (JWT, or the database session's token), fires `signIn` and redirects. */
export async function issueSession(
  ctx: RequestContext,
  { user, isNewUser, sessionToken }: Omit<Linked, "isNewUser"> & { isNewUser: boolean | undefined },
  input: Pick<LoginInput, "account" | "profile" | "cookies">,
): Promise<AuthResponse> {
  const { config } = ctx
  const cookies: SetCookie[] = [...ctx.initCookies, ...input.cookies]
  const def = ctx.cookies.sessionToken
  const { names } = readSessionCookie(ctx.request.cookies, def.name)
  if (config.session.strategy === "jwt") {
    const issued = await signInToken(config, { user, account: input.account, profile: input.profile, isNewUser })
    cookies.push(...(issued ? await sessionCookiesFor(config, issued, def, names) : clearSessionCookie(def, names)))
  } else if (sessionToken) {
    cookies.push({ name: def.name, value: sessionToken.value, options: { ...def.options, expires: sessionToken.expires } })
  }
  await fireEvent(config, "signIn", { user, account: input.account, profile: input.profile, isNewUser })

  const target =
    isNewUser && config.pages.newUser
      ? withQuery(config.pages.newUser, { callbackUrl: ctx.callbackUrl })
      : ctx.callbackUrl
  return redirect(target, ctx.request, cookies)
}

export interface Linked {
  user: User
  isNewUser: boolean
  sessionToken?: { value: string; expires: Date }
}

async function linkWithAdapter(ctx: RequestContext, input: LoginInput): Promise<Linked> {
  const { config } = ctx
  const { account, provider } = input
  const current = await currentUser(ctx)
  const byAccount = input.userByAccount

  if (byAccount) {
    if (current && String(current.id) !== String(byAccount.id)) throw new OAuthAccountNotLinked("The account belongs to another user")
    if (provider.tokens.keep && config.session.strategy === "database") {
      await replaceStoredTokens(config, provider, account, byAccount.id)
    }
    return { user: byAccount, isNewUser: false, sessionToken: current ? undefined : await newSession(ctx, byAccount) }
  }

  // §10.2: the provider's `account()` picks what to store from the token set; the ids are ours.
  const { provider: providerId, type, providerAccountId, userId: _userId, ...tokenSet } = account
  const dbAccount = { ...provider.account(tokenSet as any), provider: providerId, type, providerAccountId } as AdapterAccount
  if (current) {
    const linked = { ...dbAccount, userId: current.id }
    await adapterCall(config, "linkAccount", linked)
    await fireEvent(config, "linkAccount", { user: current, account: linked, profile: input.user })
    return { user: current, isNewUser: false }
  }

  let user: AdapterUser
  let isNewUser = false
  const existing = input.user.email ? await adapterCall(config, "getUserByEmail", input.user.email) : null
  if (existing) {
    if (!provider.allowDangerousEmailAccountLinking) {
      throw new OAuthAccountNotLinked("Another account already uses this email")
    }
    user = existing
  } else {
    const { id: _discard, ...fields } = input.user
    user = await adapterCall(config, "createUser", { ...fields, id: randomUUID(), emailVerified: null } as AdapterUser)
    isNewUser = true
  }
  const linked = { ...dbAccount, userId: user.id }
  try {
    await adapterCall(config, "linkAccount", linked)
  } catch (error) {
    // A user left without its account would own the email and refuse every later sign-in with
    // OAuthAccountNotLinked: undo the creation (adapters are not transactional).
    if (isNewUser) await undoCreateUser(ctx, user)
    throw error
  }
  // Fired once the user is complete (Auth.js fires it before linking, even for a user it then fails to link).
  if (isNewUser) await fireEvent(config, "createUser", { user })
  await fireEvent(config, "linkAccount", { user, account: linked, profile: input.user })
  return { user, isNewUser, sessionToken: await newSession(ctx, user) }
}

/** Best effort: the adapter may lack `deleteUser`, or fail again; the sign-in fails either way. */
async function undoCreateUser(ctx: RequestContext, user: AdapterUser): Promise<void> {
  if (!ctx.config.adapter?.deleteUser) return
  try {
    await adapterCall(ctx.config, "deleteUser", user.id)
  } catch (error) {
    ctx.config.logger.error(error as Error)
  }
}

/** §10.2 step 2: the user with this (now verified) address, or a new one. */
async function linkEmailUser(ctx: RequestContext, email: string): Promise<Linked> {
  const { config } = ctx
  const existing = await adapterCall(config, "getUserByEmail", email)
  if (!existing) {
    const created = { id: randomUUID(), email, emailVerified: new Date() }
    const user = await adapterCall(config, "createUser", created)
    await fireEvent(config, "createUser", { user })
    return { user, isNewUser: true, sessionToken: await newSession(ctx, user) }
  }
  if (config.session.strategy === "database") {
    // Signed in as someone else in this browser: that session ends; the new one replaces it.
    const current = await currentUser(ctx)
    const { value } = readSessionCookie(ctx.request.cookies, ctx.cookies.sessionToken.name)
    if (current && value && String(current.id) !== String(existing.id)) await adapterCall(config, "deleteSession", value)
  }
  const emailVerified = new Date()
  const user = (await adapterCall(config, "updateUser", { id: existing.id, emailVerified })) ?? { ...existing, emailVerified }
  await fireEvent(config, "updateUser", { user })
  return { user, isNewUser: false, sessionToken: await newSession(ctx, user) }
}

/**
 * The user already signed in on this browser, if any. As in Auth.js, an unreadable JWT (or a `sub`
 * the adapter cannot look up) means "nobody"; with database sessions an adapter failure propagates,
 * so a sign-in never silently creates a second user because the session lookup failed.
 */
export async function currentUser(ctx: RequestContext): Promise<AdapterUser | null> {
  const { config } = ctx
  const def = ctx.cookies.sessionToken
  const { value } = readSessionCookie(ctx.request.cookies, def.name)
  if (!value) return null
  if (config.session.strategy === "jwt") {
    try {
      const token = await decodeSessionToken(config, value, def.name)
      return token?.sub && config.adapter?.getUser ? await adapterCall(config, "getUser", token.sub) : null
    } catch {
      return null
    }
  }
  if (!isPlausibleSessionToken(value)) return null
  const found = await adapterCall(config, "getSessionAndUser", value)
  return found?.user && new Date(found.session.expires).valueOf() >= Date.now() ? found.user : null
}

export async function newSession(ctx: RequestContext, user: AdapterUser): Promise<Linked["sessionToken"]> {
  return ctx.config.session.strategy === "database" ? createDatabaseSession(ctx.config, user.id) : undefined
}
