import { timingSafeEqual } from "node:crypto"
import { Injectable, Module } from "@nestjs/common"
import type { User } from "../lib/index.js"

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
