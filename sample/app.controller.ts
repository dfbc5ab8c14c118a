import { Controller, Get, Header, Res } from "@nestjs/common"
import { Public, Session } from "../lib/index.js"
import { BASE_PATH, demoLogin } from "./auth.config.js"
import { MAILBOX_PATH } from "./dev-mailbox.js"
import { profileOf, renderView, type ViewReply } from "./views.js"

/**
 * The sample's own pages, server-rendered from views/*.ejs. They take the session from
 * `res.locals.session`, where SessionLocalsMiddleware (applied in AppModule) puts it, or null.
 */
@Controller()
export class AppController {
  /** The home page: who is signed in and where to go, or how to sign in. */
  @Public()
  @Get()
  async home(@Res() res: ViewReply): Promise<void> {
    await renderView(res, "home", this.pageData(res))
  }

  /** Guarded (by the global AuthGuard): the signed-in user as a card. */
  @Get("profile")
  async profile(@Res() res: ViewReply): Promise<void> {
    await renderView(res, "profile", this.pageData(res))
  }

  /** Guarded: the session as JSON, as `GET /auth/session` returns it, for scripts and tests. */
  @Get("api/session")
  @Header("cache-control", "no-store")
  session(@Session() session: Session): Session {
    return session
  }

  private pageData(res: ViewReply): Record<string, unknown> {
    const session = (res.locals ?? res.raw?.locals)?.session as Session | null | undefined
    return { me: session ? profileOf(session) : null, basePath: BASE_PATH, mailboxPath: MAILBOX_PATH, demoLogin }
  }
}
