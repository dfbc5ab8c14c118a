// Start-up baseline: the smallest Nest app, without AuthModule (compare with boot-auth.ts).
import { Controller, Get, Module } from "@nestjs/common"
import { serveNest } from "./serve.js"

@Controller()
class BenchController {
  @Get("plain")
  plain() {
    return { hello: "world" }
  }
}

@Module({ controllers: [BenchController] })
class BenchModule {}

void serveNest(BenchModule)
