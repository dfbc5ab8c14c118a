import { Controller, Get, Inject, Module, Post, Req } from "@nestjs/common"
import type { AuthConfig } from "../../../lib/core/config/types.js"
import { AuthModule } from "../../../lib/nest/auth.module.js"
import { AuthService } from "../../../lib/nest/auth.service.js"
import type { HttpRequest } from "../../../lib/nest/express-bridge.js"
import type { AuthGuardOptions } from "../../../lib/nest/guard-options.js"
import { Public } from "../../../lib/nest/access.decorators.js"
import { Session } from "../../../lib/session.js"

/** The API a Next.js front end calls: every route needs the front end's session. */
@Controller()
class ApiController {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  @Get("me")
  async me(@Session() session: Session, @Req() req: HttpRequest) {
    const token = await this.auth.getToken(req)
    return { user: session.user, expires: session.expires, notesLength: typeof token?.notes === "string" ? token.notes.length : 0 }
  }

  @Public()
  @Get("who")
  async who(@Session() session: Session | null, @Req() req: HttpRequest) {
    return { decorator: session?.user?.email ?? null, service: (await this.auth.getSession(req))?.user?.email ?? null }
  }

  @Post("token")
  token(@Req() req: HttpRequest) {
    return this.auth.issueToken(req)
  }
}

/** Adds the user's id and role to the session, as the front end's own session callback does. */
const callbacks: AuthConfig["callbacks"] = {
  session: ({ session, token }) => ({ ...session, user: { ...session.user, id: token?.sub, role: token?.role } }),
}

/**
 * A Nest API beside a Next.js front end: no providers of its own, the global guard, bearer tokens.
 * `config` says whose sessions it reads (e.g. `session: { issuedBy: "next-auth-v4" }`) and with which secret.
 */
export function companionModule(config: Partial<AuthConfig> & AuthGuardOptions & { secret: string }) {
  @Module({
    imports: [AuthModule.forRoot({ trustHost: true, providers: [], callbacks, globalGuard: true, bearer: true, ...config })],
    controllers: [ApiController],
  })
  class CompanionAppModule {}
  return CompanionAppModule
}
