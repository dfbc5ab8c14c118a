import { Controller, Get, Module, UseGuards, type DynamicModule } from "@nestjs/common"
import { AuthGuard, AuthModule, customFetch, Session, type CustomFetch } from "../../../lib/index.js"
import Keycloak from "../../../lib/providers/keycloak.js"
import { TEST_SECRET } from "../../utils/nest-auth-config.js"

@Controller("me")
@UseGuards(AuthGuard)
class MeController {
  @Get()
  me(@Session() session: Session) {
    return session
  }
}

/** Keycloak (reached through `fetchVia`) with refreshed tokens, and one guarded route. */
export function tokenRefreshAppModule(fetchVia: CustomFetch): DynamicModule {
  @Module({
    imports: [
      AuthModule.forRoot({
        secret: TEST_SECRET,
        trustHost: true,
        providers: [
          Keycloak({
            issuer: "https://sso.example.com/realms/acme",
            clientId: "app",
            clientSecret: "app-secret",
            [customFetch]: fetchVia,
          }),
        ],
        tokens: { refresh: true },
        callbacks: {
          // What an app would do to call an API on the user's behalf.
          session: ({ session, token }) => ({ ...session, accessToken: token?.access_token }),
        },
      }),
    ],
    controllers: [MeController],
  })
  class TokenRefreshAppModule {}
  return { module: TokenRefreshAppModule }
}
