import { Controller, Get, Module, type DynamicModule } from "@nestjs/common"
import { APP_GUARD } from "@nestjs/core"
import { MemoryAdapter } from "../../../lib/adapters/memory-adapter.js"
import { AuthGuard } from "../../../lib/nest/auth.guard.js"
import { AuthModule } from "../../../lib/nest/auth.module.js"
import { Session } from "../../../lib/nest/session.decorator.js"
import Nodemailer from "../../../lib/providers/nodemailer.js"
import { nestAuthConfig } from "../../utils/nest-auth-config.js"

@Controller("profile")
class ProfileController {
  @Get()
  me(@Session() session: Session) {
    return session
  }
}

/**
 * Email sign-in through Nodemailer to `server` (the tests' SMTP sink), users and tokens in a
 * MemoryAdapter, JWT sessions; every route but the auth routes needs a session.
 */
export class EmailAppModule {
  static withMailServer(server: string, adapter = MemoryAdapter()): DynamicModule {
    return {
      module: EmailAppModule,
      imports: [
        AuthModule.forRoot(
          nestAuthConfig({
            adapter,
            session: { strategy: "jwt" },
            providers: [Nodemailer({ server, from: "Test App <auth@app.test>", name: "Email" })],
            theme: { brandColor: "#0a7d3c" },
          }),
        ),
      ],
      controllers: [ProfileController],
      providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
    }
  }
}

// Nest needs the class to be a module even when only the dynamic form is used.
Module({})(EmailAppModule)
