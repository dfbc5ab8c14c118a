// The plain route and the same route behind AuthGuard, on @nestjs/platform-fastify: the Fastify rows
// beside the Express ones (#23); their ratio is the guard's cost on Fastify.
import { Controller, Get, Module, UseGuards } from "@nestjs/common"
import { FastifyAdapter } from "@nestjs/platform-fastify"
import { AuthGuard, AuthModule } from "../../lib/index.js"
import Credentials from "../../lib/providers/credentials.js"
import { BENCH_SECRET, benchUser, greeting } from "../fixtures.js"
import { serveNest } from "./serve.js"

@Controller()
class BenchController {
  @Get("plain")
  plain() {
    return greeting(benchUser.name)
  }

  @UseGuards(AuthGuard)
  @Get("guarded")
  guarded() {
    return greeting(benchUser.name)
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

void serveNest(BenchModule, undefined, new FastifyAdapter())
