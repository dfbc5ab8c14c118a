import { DrizzleAdapter } from "@auth/drizzle-adapter"
import { Controller, Get, UseGuards, type DynamicModule } from "@nestjs/common"
import { drizzle } from "drizzle-orm/node-postgres"
import type pg from "pg"
import { AuthGuard, AuthModule, Session, type Adapter } from "../../../lib/index.js"
import Passkey from "../../../lib/providers/passkey.js"
import { simpleWebAuthnFrom } from "../../../lib/providers/webauthn/simplewebauthn.js"
import * as simpleWebAuthn13 from "simplewebauthn-server-13"
import { accounts, authenticators, sessions, users, verificationTokens } from "../../utils/drizzle-schema.js"

export const PASSKEY_SECRET = "passkey-browser-secret-0123456789abcdef"

/** Auth.js's Drizzle adapter on the schema of its docs, authenticator table included. */
export function drizzleAdapter(pool: pg.Pool): Adapter {
  return DrizzleAdapter(drizzle(pool), {
    usersTable: users,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
    authenticatorsTable: authenticators,
  }) as Adapter
}

@Controller()
@UseGuards(AuthGuard)
class ProfileController {
  @Get("profile")
  profile(@Session() session: Session) {
    return session
  }
}

/** A Nest app whose only sign-in method is the passkey (@simplewebauthn/server 13), on the given adapter and strategy (autofill optional). */
export class PasskeyAppModule {
  static with(adapter: Adapter, strategy: "jwt" | "database" = "jwt", conditionalUI = true): DynamicModule {
    return {
      module: PasskeyAppModule,
      imports: [
        AuthModule.forRoot({
          secret: PASSKEY_SECRET,
          trustHost: true,
          adapter,
          session: { strategy },
          // v13, as the docs recommend: Chromium's signatures have a short r or s about once in 128,
          // which v9 cannot verify (the protocol spec covers v9 with signatures it can).
          providers: [Passkey({ enableConditionalUI: conditionalUI, simpleWebAuthn: simpleWebAuthnFrom(simpleWebAuthn13) })],
          experimental: { enableWebAuthn: true },
          logger: { error: () => {}, warn: () => {} },
        }),
      ],
      controllers: [ProfileController],
    }
  }
}

