import { Controller, Get, Module, Render } from "@nestjs/common"
import type { MiddlewareConsumer, NestModule } from "@nestjs/common"
import { APP_GUARD } from "@nestjs/core"
import type { AuthConfig } from "../../../lib/core/config/types.js"
import { Public } from "../../../lib/nest/access.decorators.js"
import { AuthGuard } from "../../../lib/nest/auth.guard.js"
import { AuthModule } from "../../../lib/nest/auth.module.js"
import { SessionLocalsMiddleware } from "../../../lib/nest/session-locals.middleware.js"
import { nestAuthConfig } from "../../utils/nest-auth-config.js"

// A server-rendered (MVC) app: views are EJS templates that read `session` from `res.locals`, which
// SessionLocalsMiddleware fills for every route. The whole app is guarded; the home page is public.

@Controller()
class PagesController {
  @Public()
  @Get()
  @Render("home")
  home() {
    return { title: "Home" }
  }

  @Get("account")
  @Render("account")
  account() {
    return { title: "Your account" }
  }
}

/** Counts `session` callback runs, i.e. session reads: the middleware must share the guard's. */
export const sessionReads = { count: 0 }

const callbacks: AuthConfig["callbacks"] = {
  session: ({ session }) => {
    sessionReads.count++
    return session
  },
}

@Module({
  imports: [AuthModule.forRoot(nestAuthConfig({ callbacks }))],
  controllers: [PagesController],
  providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
})
export class MvcAppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SessionLocalsMiddleware).forRoutes("*")
  }
}
