import { randomUUID } from "node:crypto"
import type { AdapterAccount, AdapterUser } from "../../adapter.js"
import { adapterCall } from "../../adapter-call.js"
import type { InternalOAuthProvider } from "../../config/types.js"
import type { RequestContext } from "../../context.js"
import { OAuthAccountNotLinked } from "../../errors.js"
import { fireEvent } from "../../events.js"
import { decodeSessionToken, sessionCookiesFor } from "../../jwt-session.js"
import type { Account, JWT, Profile, User } from "../../models.js"
import { redirect, withQuery } from "../../responses.js"
import { clearSessionCookie, readSessionCookie } from "../../session-store.js"
import type { AuthResponse, SetCookie } from "../../types.js"

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
async function issueSession(
  ctx: RequestContext,
  { user, isNewUser, sessionToken }: Omit<Linked, "isNewUser"> & { isNewUser: boolean | undefined },
  input: Pick<LoginInput, "account" | "profile" | "cookies">,
): Promise<AuthResponse> {
  const { config } = ctx
  const cookies: SetCookie[] = [...ctx.initCookies, ...input.cookies]
  const def = ctx.cookies.sessionToken
  const { names } = readSessionCookie(ctx.request.cookies, def.name)
  if (config.session.strategy === "jwt") {
    const issued = await issueJwt(ctx, user, input.account, input.profile, isNewUser)
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

/** Runs the `jwt` callback on the default claims of a fresh sign-in; null means "no session". */
export async function issueJwt(
  ctx: RequestContext,
  user: User,
  account: Account | null,
  profile: Profile | undefined,
  isNewUser: boolean | undefined,
): Promise<JWT | null> {
  const token: JWT = { name: user.name, email: user.email, picture: user.image, sub: user.id?.toString() }
  return ctx.config.callbacks.jwt({
    token,
    user,
    account,
    profile,
    isNewUser,
    trigger: isNewUser ? "signUp" : "signIn",
  })
}

interface Linked {
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
    if (current && current.id !== byAccount.id) throw new OAuthAccountNotLinked("The account belongs to another user")
    return { user: byAccount, isNewUser: false, sessionToken: current ? undefined : await newSession(ctx, byAccount) }
  }

  const dbAccount = { ...provider.account(account as any), provider: account.provider, type: account.type, providerAccountId: account.providerAccountId } as AdapterAccount
  if (current) {
    await adapterCall(config, "linkAccount", { ...dbAccount, userId: current.id })
    await fireEvent(config, "linkAccount", { user: current, account, profile: input.user })
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
    await fireEvent(config, "createUser", { user })
  }
  await adapterCall(config, "linkAccount", { ...dbAccount, userId: user.id })
  await fireEvent(config, "linkAccount", { user, account, profile: input.user })
  return { user, isNewUser, sessionToken: await newSession(ctx, user) }
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

/** The user already signed in on this browser, if any (errors mean "nobody"). */
async function currentUser(ctx: RequestContext): Promise<AdapterUser | null> {
  const { config } = ctx
  const def = ctx.cookies.sessionToken
  const { value } = readSessionCookie(ctx.request.cookies, def.name)
  if (!value) return null
  try {
    if (config.session.strategy === "jwt") {
      const token = await decodeSessionToken(config, value, def.name)
      return token?.sub && config.adapter?.getUser ? await adapterCall(config, "getUser", token.sub) : null
    }
    const found = await adapterCall(config, "getSessionAndUser", value)
    return found && new Date(found.session.expires).valueOf() > Date.now() ? found.user : null
  } catch {
    return null
  }
}

async function newSession(ctx: RequestContext, user: AdapterUser): Promise<Linked["sessionToken"]> {
  const { config } = ctx
  if (config.session.strategy !== "database") return undefined
  const expires = new Date(Date.now() + config.session.maxAge * 1000)
  const session = await adapterCall(config, "createSession", {
    sessionToken: config.session.generateSessionToken(),
    userId: user.id,
    expires,
  })
  return { value: session.sessionToken, expires: new Date(session.expires) }
}
