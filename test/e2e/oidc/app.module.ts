import { Controller, Get, Module, UseGuards, type DynamicModule } from "@nestjs/common"
import { AuthGuard, AuthModule, Session } from "../../../lib/index.js"
import { TEST_SECRET } from "../../utils/nest-auth-config.js"

@Controller("profile")
@UseGuards(AuthGuard)
class ProfileController {
  @Get()
  me(@Session() session: Session) {
    return session
  }
}

/** An app whose only sign-in method is a "corp" OIDC provider at `issuer`. */
export function oidcAppModule(issuer: string, checks: Array<"pkce" | "state" | "nonce">): DynamicModule {
  @Module({
    imports: [
      AuthModule.forRoot({
        secret: TEST_SECRET,
        trustHost: true,
        providers: [
          { id: "corp", name: "Corp SSO", type: "oidc", issuer, clientId: "corp-app", clientSecret: "corp-secret", checks },
        ],
      }),
    ],
    controllers: [ProfileController],
  })
  class OidcAppModule {}
  return { module: OidcAppModule }
}
