import type { AdapterAccount, AdapterSession, AdapterUser } from "../vocabulary/adapter.js"
import type { Account, Awaitable, JWT, Profile, Session, User } from "../vocabulary/models.js"
import type { CredentialInput } from "../../providers/types.js"
import type { SignInLimitedMessage } from "../vocabulary/limits.js"

/** Hooks that decide who signs in, where they go, and what the session holds (Auth.js's callbacks). */
export interface CallbacksOptions {
  /** `true` lets the user in; `false` denies (AccessDenied); a string redirects there instead. */
  signIn: (params: {
    user: User | AdapterUser
    account: Account | null
    profile?: Profile
    email?: { verificationRequest?: boolean }
    credentials?: Record<string, CredentialInput>
  }) => Awaitable<boolean | string>
  /** Where a user may be sent. Default: same-origin URLs only, relative ones resolved against `baseUrl`. */
  redirect: (params: { url: string; baseUrl: string }) => Awaitable<string>
  /** Shapes what `GET <basePath>/session` returns. */
  session: (params: {
    /** Database strategy: the stored session (`sessionToken`, `userId`) with its `user`. */
    session: Session & { sessionToken?: string; userId?: string; user?: any }
    token?: JWT
    user?: AdapterUser
    /**
     * Database strategy with `tokens.refresh` (an extension): the user's account row at the
     * refreshing provider, with its current (refreshed when due) `access_token`.
     */
    account?: AdapterAccount
    newSession?: unknown
    trigger?: "update"
  }) => Awaitable<Session | Record<string, unknown>>
  /** Shapes the claims in the session cookie (JWT strategy). Return `null` to end the session. */
  jwt: (params: {
    token: JWT
    user?: User | AdapterUser
    account?: Account | null
    profile?: Profile
    trigger?: "signIn" | "signUp" | "update"
    isNewUser?: boolean
    session?: any
  }) => Awaitable<JWT | null>
}

/** Fire-and-forget notifications; a throwing handler is logged and never breaks the flow. */
export interface EventCallbacks {
  signIn: (message: { user: User; account: Account | null; profile?: Profile; isNewUser?: boolean }) => Awaitable<void>
  signOut: (message: { session?: AdapterSession | null | void; token?: JWT | null }) => Awaitable<void>
  createUser: (message: { user: User }) => Awaitable<void>
  updateUser: (message: { user: User }) => Awaitable<void>
  linkAccount: (message: { user: User | AdapterUser; account: Account; profile: User | AdapterUser }) => Awaitable<void>
  session: (message: { session: Session | Record<string, unknown>; token?: JWT }) => Awaitable<void>
  /** Ours, not Auth.js's: a sign-in limit ran out (once per window and count). */
  signInLimited: (message: SignInLimitedMessage) => Awaitable<void>
}

/** The default `jwt` callback; recognised by identity so its output needs no comparison. */
export const identityJwt = ({ token }: { token: JWT }): JWT => token

export const defaultCallbacks: CallbacksOptions = {
  signIn: () => true,
  redirect: ({ url, baseUrl }) => {
    if (url.startsWith("/")) return `${baseUrl}${url}`
    if (new URL(url).origin === baseUrl) return url
    return baseUrl
  },
  session: ({ session }) => ({
    user: { name: session.user?.name, email: session.user?.email, image: session.user?.image },
    // Database sessions carry a Date; the JSON body wants ISO-8601.
    expires: (session.expires as unknown) instanceof Date ? (session.expires as unknown as Date).toISOString() : session.expires,
  }),
  jwt: identityJwt,
}

