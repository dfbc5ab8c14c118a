import { Module } from "@nestjs/common"
import { APP_GUARD } from "@nestjs/core"
import { AuthGuard, AuthModule } from "../lib/index.js"
import { AppController } from "./app.controller.js"
import { BASE_PATH, DEV_IDP_ID, createAuthConfig } from "./auth.config.js"
import { DevIdentityProvider, DevIdentityProviderModule } from "./dev-identity-provider.js"
import { DevMailbox, DevMailboxModule } from "./dev-mailbox.js"

@Module({
  imports: [
    // Async configuration: the factory first starts the embedded OpenID Provider and the dev SMTP
    // sink, then configures Auth.js with them. basePath sits beside useFactory: routes exist before it runs.
    AuthModule.forRootAsync({
      basePath: BASE_PATH,
      imports: [DevIdentityProviderModule, DevMailboxModule],
      inject: [DevIdentityProvider, DevMailbox],
      useFactory: async (devIdp: DevIdentityProvider, mailbox: DevMailbox) =>
        createAuthConfig(await devIdp.start(BASE_PATH, DEV_IDP_ID), await mailbox.start()),
    }),
  ],
  controllers: [AppController],
  // Every route needs a session unless marked @Public().
  providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
})
export class AppModule {}
