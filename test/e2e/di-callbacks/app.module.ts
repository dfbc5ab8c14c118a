import { Controller, Get, Injectable, Module, UseGuards } from "@nestjs/common"
import type { AuthConfig } from "../../../lib/core/config/types.js"
import type { User } from "../../../lib/core/vocabulary/models.js"
import { AuthGuard } from "../../../lib/nest/auth.guard.js"
import { AuthModule } from "../../../lib/nest/auth.module.js"
import { Roles } from "../../../lib/nest/access.decorators.js"
import Credentials from "../../../lib/providers/credentials.js"
import { Session } from "../../../lib/session.js"
import { TEST_SECRET } from "../../utils/nest-auth-config.js"

interface Account extends User {
  id: string
  password: string
  role: string
  blocked: boolean
}

/** The app's users, as a real app keeps them in a database: a Nest provider in its own module. */
@Injectable()
export class UsersRepository {
  /** How often each callback reached the repository. */
  readonly calls = { authorize: 0, signIn: 0, jwt: 0, session: 0 }
  private readonly accounts = new Map<string, Account>([
    ["u-ada", { id: "u-ada", name: "Ada", email: "ada@example.com", password: "analytical", role: "admin", blocked: false }],
    ["u-bob", { id: "u-bob", name: "Bob", email: "bob@example.com", password: "builder", role: "member", blocked: true }],
  ])

  async verifyPassword(email: unknown, password: unknown): Promise<User | null> {
    this.calls.authorize++
    const account = [...this.accounts.values()].find((a) => a.email === email)
    return account && account.password === password ? { id: account.id, name: account.name, email: account.email } : null
  }

  async mayUse(userId: string | undefined): Promise<boolean> {
    this.calls.signIn++
    return userId !== undefined && this.accounts.get(userId)?.blocked === false
  }

  async roleOf(userId: string | undefined, caller: "jwt" | "session"): Promise<string | undefined> {
    this.calls[caller]++
    return userId === undefined ? undefined : this.accounts.get(userId)?.role
  }

  setRole(userId: string, role: string): void {
    this.accounts.get(userId)!.role = role
  }
}

@Module({ providers: [UsersRepository], exports: [UsersRepository] })
export class UsersModule {}

/** The Auth.js config built from injected services: every callback and authorize use the repository. */
export function authConfig(users: UsersRepository): AuthConfig {
  return {
    secret: TEST_SECRET,
    trustHost: true,
    providers: [
      Credentials({
        credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
        authorize: ({ email, password }) => users.verifyPassword(email, password),
      }),
    ],
    callbacks: {
      signIn: ({ user }) => users.mayUse(user.id),
      jwt: async ({ token, user }) => (user ? { ...token, role: await users.roleOf(user.id, "jwt") } : token),
      // Read on every request: a role changed in the repository applies at once.
      session: async ({ session, token }) => ({
        ...session,
        user: { ...session.user, id: token?.sub, role: await users.roleOf(token?.sub, "session") },
      }),
    },
  }
}

@Controller("admin")
@UseGuards(AuthGuard)
export class AdminController {
  @Get()
  @Roles("admin")
  dashboard(@Session() session: Session) {
    return { for: session.user?.email }
  }
}

@Module({
  imports: [
    AuthModule.forRootAsync({
      imports: [UsersModule],
      inject: [UsersRepository],
      useFactory: (users: UsersRepository) => authConfig(users),
    }),
    UsersModule,
  ],
  controllers: [AdminController],
})
export class DiCallbacksAppModule {}
