import { randomUUID, timingSafeEqual } from "node:crypto"
import { Injectable, Module } from "@nestjs/common"
import { MemoryAdapter, type User } from "../lib/index.js"

/** The Credentials provider's only account. */
export const demoLogin = { email: "demo@example.com", password: "demo" }

interface Account {
  user: User & { id: string }
  password: string
  role: string
}

/**
 * The sample's users: the credentials account, who may sign in, and roles. A real app would query its
 * database here; the point is that it is an ordinary Nest provider, injected into
 * `AuthModule.forRootAsync`'s factory and used by `authorize` and the signIn, jwt and session callbacks.
 */
@Injectable()
export class UsersRepository {
  private readonly accounts: Account[] = [
    { user: { id: "demo", name: "Demo User", email: demoLogin.email }, password: demoLogin.password, role: "admin" },
  ]
  /** Addresses refused by the signIn callback, whichever way they sign in. */
  private readonly blocked = new Set(["blocked@example.com"])
  /** The Auth.js adapter (users, accounts, database sessions): in memory, a stand-in for a database. */
  readonly adapter = MemoryAdapter()

  /**
   * The sign-up form's account: a new user with a password (kept in memory, like everything here), also
   * stored in the adapter so that database sessions can be issued for it. A string says what is wrong.
   */
  async register(input: { name?: unknown; email?: unknown; password?: unknown }): Promise<(User & { id: string }) | string> {
    const email = typeof input.email === "string" ? input.email.trim().toLowerCase() : ""
    const name = typeof input.name === "string" && input.name.trim() ? input.name.trim().slice(0, 100) : email
    const password = typeof input.password === "string" ? input.password : ""
    if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 200) return "Enter an email address."
    if (password.length < 8) return "Choose a password of at least 8 characters."
    if (this.accounts.some((a) => a.user.email === email) || (await this.adapter.getUserByEmail(email))) {
      return "That email address already has an account: sign in instead."
    }
    const user = { id: randomUUID(), name, email }
    this.accounts.push({ user, password, role: "member" })
    await this.adapter.createUser({ ...user, emailVerified: null })
    return { ...user }
  }

  /** The account's user when the password matches, else null (the sign-in page then says so). */
  async verifyPassword(email: unknown, password: unknown): Promise<User | null> {
    const account = this.accounts.find((a) => a.user.email === email)
    return account && sameText(password, account.password) ? { ...account.user } : null
  }

  async mayUse(email: string | null | undefined): Promise<boolean> {
    return !email || !this.blocked.has(email.toLowerCase())
  }

  /** Undefined for users without one (anyone signing in through the dev IdP or by email). */
  async roleOf(userId: string | undefined): Promise<string | undefined> {
    return this.accounts.find((a) => a.user.id === userId)?.role
  }
}

@Module({ providers: [UsersRepository], exports: [UsersRepository] })
export class UsersModule {}

function sameText(input: unknown, expected: string): boolean {
  const a = Buffer.from(typeof input === "string" ? input : "")
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
