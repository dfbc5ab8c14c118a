import { Controller, Get, Module, Post } from "@nestjs/common"
import type { AuthConfig } from "../../../lib/core/config/types.js"
import type { User } from "../../../lib/core/vocabulary/models.js"
import { AuthModule } from "../../../lib/nest/auth.module.js"
import type { AuthGuardOptions } from "../../../lib/nest/guard-options.js"
import { Authorize } from "../../../lib/nest/access.decorators.js"
import { Public } from "../../../lib/nest/access.decorators.js"
import { Roles } from "../../../lib/nest/access.decorators.js"
import { Session } from "../../../lib/session.js"
import { nestAuthConfig } from "../../utils/nest-auth-config.js"

export const ALLOWED_EMAIL = "alice@example.com"

/** Thrown by a broken predicate; its message must reach the log once, and nothing else of the request. */
export const PREDICATE_FAILURE = "policy store offline"

@Controller("profile")
class ProfileController {
  @Get()
  me(@Session() session: Session) {
    return { user: session.user }
  }

  @Post()
  update() {
    return { updated: true }
  }
}

@Public()
@Controller()
class HomeController {
  @Get()
  home(@Session() session: Session | null) {
    return { signedIn: session !== null, email: session?.user?.email ?? null }
  }

  @Public(false)
  @Get("members")
  members() {
    return { members: true }
  }
}

@Roles("admin")
@Controller("admin")
class AdminController {
  @Get()
  dashboard() {
    return { admin: true }
  }

  @Roles("admin", "support")
  @Get("tickets")
  tickets() {
    return { tickets: true }
  }

  @Roles()
  @Get("any-user")
  anyUser() {
    return { anyUser: true }
  }
}

@Authorize(async (session) => session.user?.email === ALLOWED_EMAIL)
@Controller("policy")
class PolicyController {
  @Get("own")
  own() {
    return { own: true }
  }

  @Authorize(() => false)
  @Get("closed")
  closed() {
    return { closed: true }
  }

  @Authorize(() => {
    throw new Error(PREDICATE_FAILURE)
  })
  @Get("broken")
  broken() {
    return { broken: true }
  }

  @Roles("admin")
  @Get("admin-and-own")
  adminAndOwn() {
    return { both: true }
  }
}

/** Copies `role` from the signed-in user into the JWT, and from the JWT into the session (Auth.js's RBAC recipe). */
export const roleCallbacks: AuthConfig["callbacks"] = {
  jwt: ({ token, user }) => (user ? { ...token, role: (user as User & { role?: unknown }).role } : token),
  session: ({ session, token }) => ({ ...session, user: { ...session.user, role: token?.role } }),
}

export const controllers = [ProfileController, HomeController, AdminController, PolicyController]

/** The app under test: every route guarded unless `@Public()`. */
export function globalGuardModule(overrides: Partial<AuthConfig> & AuthGuardOptions & { basePath?: string } = {}) {
  @Module({
    imports: [AuthModule.forRoot({ ...nestAuthConfig({ callbacks: roleCallbacks }), globalGuard: true, ...overrides })],
    controllers,
  })
  class GlobalGuardAppModule {}
  return GlobalGuardAppModule
}
