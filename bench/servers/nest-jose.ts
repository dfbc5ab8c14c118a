// Anchor: a hand-written Nest guard that decrypts the Auth.js cookie with jose's jwtDecrypt,
// key derived once at start-up: what "just use jose" costs.
import { Controller, Get, Injectable, Module, UnauthorizedException, UseGuards } from "@nestjs/common"
import type { CanActivate, ExecutionContext } from "@nestjs/common"
import { jwtDecrypt } from "jose"
import { deriveSessionKey } from "../../lib/core/jwt/derive-key.js"
import { BENCH_SECRET, SESSION_COOKIE, benchUser, greeting } from "../fixtures.js"
import { serveNest } from "./serve.js"

const key = deriveSessionKey(BENCH_SECRET, SESSION_COOKIE, "A256CBC-HS512").bytes
const prefix = `${SESSION_COOKIE}=`

@Injectable()
class JoseGuard implements CanActivate {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<{ headers: { cookie?: string }; user?: unknown }>()
    const cookie = req.headers.cookie?.split("; ").find((c) => c.startsWith(prefix))
    if (!cookie) throw new UnauthorizedException()
    try {
      req.user = (await jwtDecrypt(cookie.slice(prefix.length), key, { clockTolerance: 15 })).payload
    } catch {
      throw new UnauthorizedException()
    }
    return true
  }
}

@Controller()
class BenchController {
  @UseGuards(JoseGuard)
  @Get("guarded")
  guarded() {
    return greeting(benchUser.name)
  }
}

@Module({ controllers: [BenchController] })
class BenchModule {}

void serveNest(BenchModule)
