// Start-up with AuthModule: boot-plain.ts plus the module (its import, config check and routes).
import { Controller, Get, Module } from "@nestjs/common"
import { AuthModule } from "../../lib/index.js"
import Credentials from "../../lib/providers/credentials.js"
import { BENCH_SECRET } from "../fixtures.js"
import { serveNest } from "./serve.js"

@Controller()
class BenchController {
  @Get("plain")
  plain() {
    return { hello: "world" }
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
