import { Module } from "@nestjs/common"
import type { DynamicModule } from "@nestjs/common"
import type { AuthConfig } from "../../../lib/core/config/types.js"
import { AuthModule } from "../../../lib/nest/auth.module.js"
import { nestAuthConfig } from "../../utils/nest-auth-config.js"

/** An OAuth provider with explicit endpoints: signing in needs no network. */
export const corpProvider = {
  id: "corp",
  name: "Corp SSO",
  type: "oauth" as const,
  authorization: "https://idp.example.test/authorize",
  token: "https://idp.example.test/token",
  userinfo: "https://idp.example.test/userinfo",
  clientId: "corp-client",
  clientSecret: "corp-secret",
}

export function wireConfig(): AuthConfig {
  const config = nestAuthConfig()
  return { ...config, providers: [...config.providers, corpProvider] }
}

/** The app the wire tests run against, mounted in two ways. */
@Module({})
export class WireAppModule {
  static forRoot(): DynamicModule {
    return { module: WireAppModule, imports: [AuthModule.forRoot(wireConfig())] }
  }

  static forRootAsync(basePath: string): DynamicModule {
    return {
      module: WireAppModule,
      imports: [AuthModule.forRootAsync({ basePath, useFactory: async () => wireConfig() })],
    }
  }
}
