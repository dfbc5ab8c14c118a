// Nest + AuthModule with jwt.decodeCache off: every guarded request decrypts the cookie, as one
// carrying a token this process has not seen yet does.
import { Controller, Get, Module, UseGuards } from "@nestjs/common"
import { AuthGuard, AuthModule } from "../../lib/index.js"
import Credentials from "../../lib/providers/credentials.js"
import { BENCH_SECRET, benchUser, greeting } from "../fixtures.js"
import { serveNest } from "./serve.js"

@Controller()
class BenchController {
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
      jwt: { decodeCache: false },
      providers: [Credentials({ credentials: { email: {} }, authorize: async () => null })],
    }),
  ],
  controllers: [BenchController],
})
class BenchModule {}

void serveNest(BenchModule)
