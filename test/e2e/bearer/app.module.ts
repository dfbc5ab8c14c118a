import { Controller, Get, Inject, Module, Post, Req } from "@nestjs/common"
import type { AuthConfig } from "../../../lib/core/config/types.js"
import type { User } from "../../../lib/core/vocabulary/models.js"
import { AuthModule } from "../../../lib/nest/auth.module.js"
import { AuthService } from "../../../lib/nest/auth.service.js"
import type { HttpRequest } from "../../../lib/nest/express-bridge.js"
import type { AuthGuardOptions } from "../../../lib/nest/guard-options.js"
import { Public } from "../../../lib/nest/access.decorators.js"
import { Session } from "../../../lib/session.js"
import { nestAuthConfig } from "../../utils/nest-auth-config.js"

/** The id of a user whose sessions the `jwt` callback ends (the revocation hook). */
export const REVOKED_USER = "u-revoked"

@Controller()
class ApiController {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  @Get("me")
  async me(@Session() session: Session, @Req() req: HttpRequest) {
    return { email: session.user?.email, token: await this.auth.getToken(req) }
  }

  /** How a signed-in user (say, a browser with the cookie) obtains a token for its API clients. */
  @Post("token")
  token(@Req() req: HttpRequest) {
    return this.auth.issueToken(req)
  }

  @Public()
  @Post("token-anyone")
  async tokenAnyone(@Req() req: HttpRequest) {
    return { issued: await this.auth.issueToken(req) }
  }
}

/** Keeps the provider's access token in the JWT at sign-in, as apps calling upstream APIs do. */
const callbacks: AuthConfig["callbacks"] = {
  jwt: ({ token, user }) => {
    if (token.sub === REVOKED_USER) return null
    return user ? { ...token, access_token: (user as User & { accessToken?: string }).accessToken } : token
  },
}

export function bearerModule(overrides: Partial<AuthConfig> & AuthGuardOptions = {}) {
  @Module({
    imports: [AuthModule.forRoot({ ...nestAuthConfig({ callbacks }), globalGuard: true, bearer: true, ...overrides })],
    controllers: [ApiController],
  })
  class BearerAppModule {}
  return BearerAppModule
}
