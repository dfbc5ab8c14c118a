// Anchor: Nest + @nestjs/passport + passport-jwt (an HS256 bearer token), the usual Nest JWT setup.
import { Controller, Get, Injectable, Module, UseGuards } from "@nestjs/common"
import { AuthGuard, PassportModule, PassportStrategy } from "@nestjs/passport"
import { ExtractJwt, Strategy } from "passport-jwt"
import { BENCH_SECRET, benchUser, greeting } from "../fixtures.js"
import { serveNest } from "./serve.js"

@Injectable()
class JwtStrategy extends PassportStrategy(Strategy) {
  constructor() {
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: BENCH_SECRET, algorithms: ["HS256"] })
  }

  validate(payload: Record<string, unknown>) {
    return payload
  }
}

@Controller()
class BenchController {
  @Get("plain")
  plain() {
    return greeting(benchUser.name)
  }

  @UseGuards(AuthGuard("jwt"))
  @Get("guarded")
  guarded() {
    return greeting(benchUser.name)
  }
}

@Module({ imports: [PassportModule], controllers: [BenchController], providers: [JwtStrategy] })
class BenchModule {}

void serveNest(BenchModule)
