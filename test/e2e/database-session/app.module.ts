import { Controller, Get, Module, UseGuards, type DynamicModule } from "@nestjs/common"
import { AuthGuard, AuthModule, Public, Session, type Adapter, type AuthConfig } from "../../../lib/index.js"
import { TEST_SECRET } from "../../utils/nest-auth-config.js"

@Controller()
class ProfileController {
  @UseGuards(AuthGuard)
  @Get("profile")
  me(@Session() session: Session) {
    return session
  }

  /** Always answers: proves the app is alive while the database is not. */
  @Public()
  @Get("health")
  health() {
    return { ok: true }
  }
}

/** The two OIDC clients every database-session app registers at the test issuer. */
export const CLIENTS = {
  corp: { client_id: "corp-app", client_secret: "corp-secret" },
  partner: { client_id: "partner-app", client_secret: "partner-secret" },
}

export interface DatabaseAppOptions {
  issuer: string
  adapter: Adapter
  /** Extra config (session options, logger, events…). */
  config?: Partial<AuthConfig>
}

/**
 * An app with two OIDC providers at the same issuer: "corp", and "partner", which allows
 * dangerous email account linking. No `session.strategy` unless `config` sets one: with an
 * adapter that means database sessions.
 */
export function databaseAppModule(options: DatabaseAppOptions): DynamicModule {
  const { issuer } = options
  @Module({
    imports: [
      AuthModule.forRoot({
        secret: TEST_SECRET,
        trustHost: true,
        adapter: options.adapter,
        providers: [
          { id: "corp", name: "Corp SSO", type: "oidc", issuer, clientId: CLIENTS.corp.client_id, clientSecret: CLIENTS.corp.client_secret },
          {
            id: "partner",
            name: "Partner SSO",
            type: "oidc",
            issuer,
            clientId: CLIENTS.partner.client_id,
            clientSecret: CLIENTS.partner.client_secret,
            allowDangerousEmailAccountLinking: true,
          },
        ],
        ...options.config,
      }),
    ],
    controllers: [ProfileController],
  })
  class DatabaseAppModule {}
  return { module: DatabaseAppModule }
}
