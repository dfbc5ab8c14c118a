// Nest + AuthModule with AuthGuard as APP_GUARD: a @Public() route still passes through the guard.
import { Controller, Get, Module } from "@nestjs/common"
import { APP_GUARD } from "@nestjs/core"
import { AuthGuard, AuthModule, Public, Session } from "../../lib/index.js"
import Credentials from "../../lib/providers/credentials.js"
import { BENCH_SECRET, benchUser, greeting } from "../fixtures.js"
import { serveNest } from "./serve.js"

@Controller()
class BenchController {
  @Public()
  @Get("public")
  open() {
    return greeting(benchUser.name)
  }

  @Get("guarded")
  guarded(@Session() session: Session) {
    return greeting(session.user?.name)
  }
}

@Module({
  imports: [
    AuthModule.forRoot({
      secret: BENCH_SECRET,
      trustHost: true,
      providers: [Credentials({ credentials: { email: {} }, authorize: async () => null })],
    }),
  ],
  controllers: [BenchController],
  providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
})
class BenchModule {}

void serveNest(BenchModule)
