import { Controller, Get, Module } from "@nestjs/common"
import { APP_GUARD } from "@nestjs/core"
import { CredentialsSignin } from "../../../lib/core/vocabulary/errors.js"
import { AuthGuard } from "../../../lib/nest/auth.guard.js"
import { AuthModule } from "../../../lib/nest/auth.module.js"
import { Public } from "../../../lib/nest/access.decorators.js"
import { Session } from "../../../lib/nest/session.decorator.js"
import Credentials from "../../../lib/providers/credentials.js"
import { demoCredentials, nestAuthConfig } from "../../utils/nest-auth-config.js"

class AccountLocked extends CredentialsSignin {
  override code = "locked"
}

/** Refuses with its own code, or throws something that is not an auth error. */
const troublesomeCredentials = Credentials({
  id: "troublesome",
  name: "Troublesome",
  credentials: { mode: {} },
  authorize: async ({ mode }) => {
    if (mode === "locked") throw new AccountLocked()
    throw new Error("database exploded")
  },
})

@Controller("profile")
class ProfileController {
  @Get()
  me(@Session() session: Session) {
    return session.user
  }
}

@Public()
@Controller()
class HomeController {
  @Get()
  home(@Session() session: Session | null) {
    return { signedIn: session !== null }
  }
}

/** The whole app is guarded (APP_GUARD); the auth routes must stay reachable. */
@Module({
  imports: [AuthModule.forRoot(nestAuthConfig({ providers: [demoCredentials(), troublesomeCredentials] }))],
  controllers: [ProfileController, HomeController],
  providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
})
export class CredentialsAppModule {}
