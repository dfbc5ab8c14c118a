import { Controller, Get, Module, UseGuards, type DynamicModule } from "@nestjs/common"
import { AuthGuard, AuthModule, customFetch, Session, type ClientPrivateKey, type CustomFetch } from "../../../lib/index.js"
import { TEST_SECRET } from "../../utils/nest-auth-config.js"

export const ISSUER = "https://sso.corp.example"

@Controller("me")
@UseGuards(AuthGuard)
class MeController {
  @Get()
  me(@Session() session: Session) {
    return session
  }
}

export interface AssertionKeys {
  /** The key registered at the IdP for `pk-app`. */
  right: ClientPrivateKey
  /** A key the IdP does not know. */
  wrong: ClientPrivateKey
}

/**
 * Four OIDC providers as an enterprise config would write them: `pk-app` with private_key_jwt and
 * `sec-app` with client_secret_jwt, each also configured a second time with a wrong key or secret
 * (same client, so a session of the first can be handed to the second). Tokens are refreshed and
 * revoked on sign-out.
 */
export function clientAssertionAppModule(fetchVia: CustomFetch, keys: AssertionKeys, errors: Error[]): DynamicModule {
  const common = { type: "oidc" as const, issuer: ISSUER, [customFetch]: fetchVia }
  const privateKeyJwt = { token_endpoint_auth_method: "private_key_jwt" }
  const secretJwt = { token_endpoint_auth_method: "client_secret_jwt" }
  @Module({
    imports: [
      AuthModule.forRoot({
        secret: TEST_SECRET,
        trustHost: true,
        providers: [
          { ...common, id: "pkjwt", name: "Key", clientId: "pk-app", client: privateKeyJwt, token: { clientPrivateKey: keys.right } },
          { ...common, id: "pkjwt-wrong", name: "Wrong key", clientId: "pk-app", client: privateKeyJwt, token: { clientPrivateKey: keys.wrong } },
          { ...common, id: "secjwt", name: "Secret", clientId: "sec-app", clientSecret: "sec-app-secret-0123456789abcdef0123456789", client: secretJwt },
          { ...common, id: "secjwt-wrong", name: "Wrong secret", clientId: "sec-app", clientSecret: "not-the-secret-0123456789abcdef0123456789", client: secretJwt },
        ],
        tokens: { refresh: true, revokeOnSignOut: true },
        logger: { error: (error) => void errors.push(error), warn: () => {}, debug: () => {} },
        callbacks: {
          session: ({ session, token }) => ({ ...session, accessToken: token?.access_token, provider: token?.provider }),
        },
      }),
    ],
    controllers: [MeController],
  })
  class ClientAssertionAppModule {}
  return { module: ClientAssertionAppModule }
}
