import { randomUUID } from "node:crypto"
import type {
  Adapter,
  AdapterAccount,
  AdapterAuthenticator,
  AdapterSession,
  AdapterUser,
  VerificationToken,
} from "../core/vocabulary/adapter.js"
import type { SessionManagementMethods } from "../core/vocabulary/session-management.js"

/** The methods `MemoryAdapter()` implements: every method of the Auth.js adapter interface, and the session-management ones. */
export type MemoryAdapter = Required<Adapter> & Required<SessionManagementMethods>

const accountKey = (a: Pick<AdapterAccount, "provider" | "providerAccountId">) =>
  JSON.stringify([a.provider, a.providerAccountId])
const tokenKey = (t: Pick<VerificationToken, "identifier" | "token">) => JSON.stringify([t.identifier, t.token])

/**
 * An adapter that keeps users, accounts, sessions and verification tokens in this process's memory,
 * for development and tests: `session: { strategy: "database" }` with zero setup.
 *
 * **Not for production.** Everything is lost when the process stops, nothing is shared between
 * instances, and expired sessions are only removed when they are read.
 *
 * @example
 * ```ts
 * AuthModule.forRoot({ providers: [GitHub], adapter: MemoryAdapter() }) // database sessions
 * ```
 */
export function MemoryAdapter(): MemoryAdapter {
  const users = new Map<string, AdapterUser>()
  const accounts = new Map<string, AdapterAccount>()
  const sessions = new Map<string, AdapterSession>()
  const tokens = new Map<string, VerificationToken>()
  const authenticators = new Map<string, AdapterAuthenticator>()
  // Callers get copies: mutating a returned object must not change what is stored.
  const copy = <T>(value: T): T => {
    const out: Record<string, unknown> = { ...(value as Record<string, unknown>) }
    for (const [key, v] of Object.entries(out)) if (v instanceof Date) out[key] = new Date(v)
    return out as T
  }
  const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : copy(value))
  const userByEmail = (email: string) => [...users.values()].find((u) => u.email === email)

  return {
    createUser(user) {
      const id = user.id || randomUUID()
      const stored = copy({ ...user, id, email: user.email, emailVerified: user.emailVerified ?? null })
      users.set(id, stored)
      return copy(stored)
    },
    getUser: (id) => orNull(users.get(String(id))),
    getUserByEmail: (email) => orNull(userByEmail(email)),
    getUserByAccount(key) {
      const account = accounts.get(accountKey(key))
      return account ? orNull(users.get(account.userId)) : null
    },
    updateUser(patch) {
      const current = users.get(String(patch.id))
      if (!current) throw new Error(`No user with id ${patch.id}`)
      const next = copy({ ...current, ...patch })
      users.set(next.id, next)
      return copy(next)
    },
    deleteUser(id) {
      const user = users.get(id)
      users.delete(id)
      for (const [key, a] of accounts) if (a.userId === id) accounts.delete(key)
      for (const [key, s] of sessions) if (s.userId === id) sessions.delete(key)
      for (const [key, a] of authenticators) if (a.userId === id) authenticators.delete(key)
      return orNull(user)
    },
    linkAccount(account) {
      accounts.set(accountKey(account), copy(account))
      return copy(account)
    },
    unlinkAccount(key) {
      const account = accounts.get(accountKey(key))
      accounts.delete(accountKey(key))
      return account ? copy(account) : undefined
    },
    createSession(session) {
      const stored = copy({ sessionToken: session.sessionToken, userId: session.userId, expires: session.expires })
      sessions.set(stored.sessionToken, stored)
      return copy(stored)
    },
    getSessionAndUser(sessionToken) {
      const session = sessions.get(sessionToken)
      const user = session && users.get(session.userId)
      return session && user ? { session: copy(session), user: copy(user) } : null
    },
    updateSession(patch) {
      const current = sessions.get(patch.sessionToken)
      if (!current) return null
      const next = copy({ ...current, ...patch })
      sessions.set(next.sessionToken, next)
      return copy(next)
    },
    deleteSession(sessionToken) {
      const session = sessions.get(sessionToken)
      sessions.delete(sessionToken)
      return orNull(session)
    },
    listSessionsByUserId: (userId) => [...sessions.values()].filter((s) => s.userId === String(userId)).map(copy),
    listAccountsByUserId: (userId) => [...accounts.values()].filter((a) => a.userId === String(userId)).map(copy),
    createVerificationToken(token) {
      tokens.set(tokenKey(token), copy(token))
      return copy(token)
    },
    useVerificationToken(key) {
      const token = tokens.get(tokenKey(key))
      tokens.delete(tokenKey(key))
      return orNull(token)
    },
    getAccount(providerAccountId, provider) {
      return orNull(accounts.get(accountKey({ provider, providerAccountId })))
    },
    getAccountByUserId(userId, provider) {
      return orNull([...accounts.values()].find((a) => a.userId === userId && a.provider === provider))
    },
    updateAccount(account) {
      const key = accountKey(account)
      const current = accounts.get(key)
      if (!current) return null
      const next = copy({ ...current, ...account, userId: current.userId })
      accounts.set(key, next)
      return copy(next)
    },
    getAuthenticator: (credentialID) => orNull(authenticators.get(credentialID)),
    createAuthenticator(authenticator) {
      authenticators.set(authenticator.credentialID, copy(authenticator))
      return copy(authenticator)
    },
    listAuthenticatorsByUserId: (userId) => [...authenticators.values()].filter((a) => a.userId === userId).map(copy),
    updateAuthenticatorCounter(credentialID, counter) {
      const current = authenticators.get(credentialID)
      if (!current) throw new Error(`No authenticator with id ${credentialID}`)
      const next = { ...current, counter }
      authenticators.set(credentialID, next)
      return copy(next)
    },
  }
}
