// Nest + AuthModule: the plain route (the ceiling), the same app's route behind AuthGuard, and a
// route that throws the same 401 without any guard, and one behind a guard that always says yes.
import { Controller, Get, Injectable, Module, UnauthorizedException, UseGuards } from "@nestjs/common"
import type { CanActivate } from "@nestjs/common"
import { AuthGuard, AuthModule, Session } from "../../lib/index.js"
import Credentials from "../../lib/providers/credentials.js"
import { BENCH_SECRET, benchUser, greeting } from "../fixtures.js"
import { serveNest } from "./serve.js"

/** A guard that lets everything through: what any async guard costs in Nest, before our work. */
@Injectable()
class AllowGuard implements CanActivate {
  async canActivate(): Promise<boolean> {
    return true
  }
}

@Controller()
class BenchController {
  @Get("plain")
  plain() {
    return greeting(benchUser.name)
  }

  @UseGuards(AllowGuard)
  @Get("allowed")
  allowed() {
    return greeting(benchUser.name)
  }

  /** Nest's own 401 path (exception filter), to tell its cost from the guard's. */
  @Get("unauthorized")
  unauthorized(): never {
    throw new UnauthorizedException()
  }

  /** The plain route's handler behind AuthGuard: the guard's cost and nothing else. */
  @UseGuards(AuthGuard)
  @Get("guarded")
  guarded() {
    return greeting(benchUser.name)
  }

  /** The usual way to read the session in a guarded handler; Nest resolves the parameter per request. */
  @UseGuards(AuthGuard)
  @Get("guarded-session")
  guardedSession(@Session() session: Session) {
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
})
class BenchModule {}

void serveNest(BenchModule)
