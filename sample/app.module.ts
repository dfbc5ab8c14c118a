import { Module, type MiddlewareConsumer, type NestModule } from "@nestjs/common"
import { APP_GUARD } from "@nestjs/core"
import { AuthGuard, AuthModule, SessionLocalsMiddleware } from "../lib/index.js"
import { AccountController } from "./account.controller.js"
import { AppController } from "./app.controller.js"
import { BASE_PATH, DEV_IDP_ID, createAuthConfig } from "./auth.config.js"
import { DevIdentityProvider, DevIdentityProviderModule } from "./dev-identity-provider.js"
import { DevMailbox, DevMailboxModule } from "./dev-mailbox.js"
import { FaviconController } from "./favicon.js"
import { UsersModule, UsersRepository } from "./users.repository.js"

@Module({
  imports: [
    // Async configuration with injected services: the factory first starts the embedded OpenID
    // Provider and the dev SMTP sink, then configures Auth.js with them and the users repository its
    // callbacks ask. basePath sits beside useFactory: routes exist before it runs.
    // The sign-up form's users (AccountController): the same instance the auth callbacks ask.
    UsersModule,
    AuthModule.forRootAsync({
      basePath: BASE_PATH,
      imports: [DevIdentityProviderModule, DevMailboxModule, UsersModule],
      inject: [DevIdentityProvider, DevMailbox, UsersRepository],
      useFactory: async (devIdp: DevIdentityProvider, mailbox: DevMailbox, users: UsersRepository) =>
        createAuthConfig(await devIdp.start(BASE_PATH, DEV_IDP_ID), await mailbox.start(), users),
    }),
  ],
  controllers: [AppController, AccountController, FaviconController],
  // Every route needs a session unless marked @Public().
  providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
})
export class AppModule implements NestModule {
  /** The server-rendered pages read the session from res.locals.session (null when signed out). */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SessionLocalsMiddleware).forRoutes(AppController)
  }
}
