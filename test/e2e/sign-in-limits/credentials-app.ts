import { Controller, Get, Module, UseGuards } from "@nestjs/common"
import type { AuthConfig } from "../../../lib/core/config/types.js"
import type { SignInLimitedMessage, SignInLimitsOptions } from "../../../lib/core/vocabulary/limits.js"
import { AuthGuard } from "../../../lib/nest/auth.guard.js"
import { AuthModule } from "../../../lib/nest/auth.module.js"
import { Session } from "../../../lib/nest/session.decorator.js"
import Credentials from "../../../lib/providers/credentials.js"
import { TEST_SECRET } from "../../utils/nest-auth-config.js"

/** The accounts the app knows: address → password. */
export const PASSWORDS: Record<string, string> = {
  "target@example.com": "right-password",
  "other@example.com": "other-password",
  "json@example.com": "json-password",
}

@Controller("profile")
@UseGuards(AuthGuard)
class ProfileController {
  @Get()
  me(@Session() session: Session) {
    return session
  }
}

/** What the app reported: the `signInLimited` events and the warnings with their metadata. */
export interface Reports {
  events: SignInLimitedMessage[]
  warnings: Array<{ code: string; metadata?: Record<string, unknown> }>
}

/** A credentials app with the given `limits`, recording events and warnings into `reports`. */
export function credentialsApp(limits: SignInLimitsOptions, reports: Reports): new () => unknown {
  const config: AuthConfig = {
    secret: TEST_SECRET,
    trustHost: true,
    providers: [
      Credentials({
        credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
        authorize: async ({ email, password }) =>
          typeof email === "string" && PASSWORDS[email] !== undefined && PASSWORDS[email] === password
            ? { id: email, email }
            : null,
      }),
    ],
    limits,
    events: { signInLimited: (message) => void reports.events.push(message) },
    logger: { warn: (code, metadata) => void reports.warnings.push({ code, metadata }), error: () => {} },
  }
  @Module({ imports: [AuthModule.forRoot(config)], controllers: [ProfileController] })
  class CredentialsLimitsModule {}
  return CredentialsLimitsModule
}
