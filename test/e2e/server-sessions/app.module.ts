import { Body, Controller, ForbiddenException, Get, HttpCode, Module, Post, Req, Res, UseGuards, type DynamicModule } from "@nestjs/common"
import type { Request, Response } from "express"
import { AuthGuard, AuthModule, AuthService, Session, type AuthConfig, type User } from "../../../lib/index.js"
import { TEST_SECRET } from "../../utils/nest-auth-config.js"

/** Routes that drive every server-side session call, as an app would expose them. */
@Controller()
class SessionsController {
  constructor(private readonly auth: AuthService) {}

  @Post("signup")
  @HttpCode(200)
  async signUp(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Body() body: { user: User; isNewUser?: boolean }) {
    const session = await this.auth.signIn(req, res, body.user, { isNewUser: body.isNewUser })
    if (!session) throw new ForbiddenException()
    // The same request already sees the new session.
    return { session, again: await this.auth.getSession(req) }
  }

  @UseGuards(AuthGuard)
  @Get("me")
  me(@Session() session: Session) {
    return session
  }

  @Post("update")
  @HttpCode(200)
  async update(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Body() body: { data: unknown }) {
    return { session: await this.auth.updateSession(req, res, body.data) }
  }

  @Post("logout")
  @HttpCode(200)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    await this.auth.signOut(req, res)
    return { session: await this.auth.getSession(req) }
  }

  @UseGuards(AuthGuard)
  @Get("sessions")
  sessions(@Req() req: Request) {
    return this.auth.listSessions(req)
  }

  @UseGuards(AuthGuard)
  @Post("sessions/revoke")
  @HttpCode(200)
  async revoke(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Body() body: { id: string }) {
    return { revoked: await this.auth.revokeSession(req, res, body?.id) }
  }

  @UseGuards(AuthGuard)
  @Post("sessions/revoke-others")
  @HttpCode(200)
  async revokeOthers(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return { count: await this.auth.revokeSessions(req, res, { keepCurrent: true }) }
  }

  @UseGuards(AuthGuard)
  @Post("sessions/revoke-all")
  @HttpCode(200)
  async revokeAll(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return { count: await this.auth.revokeSessions(req, res) }
  }

  @UseGuards(AuthGuard)
  @Get("accounts")
  accounts(@Req() req: Request) {
    return this.auth.listAccounts(req)
  }

  @UseGuards(AuthGuard)
  @Post("accounts/unlink")
  @HttpCode(200)
  async unlink(@Req() req: Request, @Body() body: { provider: string; providerAccountId: string }) {
    return { result: await this.auth.unlinkAccount(req, body) }
  }

  @UseGuards(AuthGuard)
  @Post("account/delete")
  @HttpCode(200)
  async deleteMe(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return { deleted: await this.auth.deleteUser(req, res) }
  }
}

/** An app with no sign-in routes of its own besides the server-side calls above. */
export function serverSessionsModule(config: Partial<AuthConfig>): DynamicModule {
  @Module({
    imports: [AuthModule.forRoot({ secret: TEST_SECRET, trustHost: true, providers: [], ...config })],
    controllers: [SessionsController],
  })
  class ServerSessionsModule {}
  return { module: ServerSessionsModule }
}
