import { Module, UseGuards } from "@nestjs/common"
import { MessageBody, SubscribeMessage, WebSocketGateway } from "@nestjs/websockets"
import type { AuthConfig } from "../../../lib/core/config/types.js"
import { AuthGuard } from "../../../lib/nest/auth.guard.js"
import { AuthModule } from "../../../lib/nest/auth.module.js"
import { Authorize } from "../../../lib/nest/access.decorators.js"
import { Public } from "../../../lib/nest/access.decorators.js"
import { Roles } from "../../../lib/nest/access.decorators.js"
import { Session } from "../../../lib/session.js"
import { nestAuthConfig } from "../../utils/nest-auth-config.js"
import { roleCallbacks } from "../global-guard/app.module.js"

/**
 * One gateway on the app's own HTTP server, for both adapters: handlers answer `{ event, data }`,
 * which `ws` sends as a JSON message and socket.io emits as an event. Nest applies no global guard to
 * gateways, so it names AuthGuard itself.
 */
@UseGuards(AuthGuard)
@WebSocketGateway()
class ChatGateway {
  @SubscribeMessage("whoami")
  whoami(@Session() session: Session) {
    return { event: "whoami", data: session.user?.email }
  }

  @Public()
  @SubscribeMessage("hello")
  hello(@Session() session: Session | null) {
    return { event: "hello", data: session?.user?.email ?? "stranger" }
  }

  @Roles("admin")
  @SubscribeMessage("shutdown")
  shutdown() {
    return { event: "shutdown", data: "scheduled" }
  }

  @Authorize((session, context) => context.switchToWs().getData<{ room?: string }>()?.room === session.user?.email)
  @SubscribeMessage("join")
  join(@MessageBody() body: { room: string }) {
    return { event: "join", data: body.room }
  }

  @Authorize(() => {
    throw new RangeError("policy exploded")
  })
  @SubscribeMessage("fragile")
  fragile() {
    return { event: "fragile", data: "unreachable" }
  }
}

/** The gateway's handlers are guarded unless `@Public()`. */
export function websocketModule(overrides: Partial<AuthConfig> = {}) {
  @Module({
    imports: [AuthModule.forRoot(nestAuthConfig({ callbacks: roleCallbacks, ...overrides }))],
    providers: [ChatGateway],
  })
  class WebsocketAppModule {}
  return WebsocketAppModule
}
