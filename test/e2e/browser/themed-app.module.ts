import { Controller, Get, Header, Module, Query, type DynamicModule } from "@nestjs/common"
import { MemoryAdapter } from "../../../lib/adapters/memory-adapter.js"
import type { AuthConfig } from "../../../lib/core/config/types.js"
import { AuthModule } from "../../../lib/nest/auth.module.js"
import { demoCredentials, nestAuthConfig } from "../../utils/nest-auth-config.js"

/** A 48×48 logo as a data: URI, so the page loads nothing from elsewhere. */
export const LOGO =
  "data:image/svg+xml;base64," +
  Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48"><rect width="48" height="48" rx="10" fill="#0a7d3c"/>' +
      '<path d="M12 25l8 8 16-18" stroke="#fff" stroke-width="5" fill="none"/></svg>',
  ).toString("base64")

/** Stand-ins for an app's own auth pages (`pages` option). */
@Controller()
class OwnPagesController {
  @Get(["login", "bye", "oops", "check-mail"])
  @Header("content-type", "text/html; charset=utf-8")
  page(@Query() query: Record<string, string>): string {
    return `<!doctype html><title>App page</title><pre id="query">${JSON.stringify(query).replace(/</g, "\\u003c")}</pre>`
  }
}

/**
 * Every kind of sign-in form on one built-in page: a branded OAuth button, the credentials form and
 * an email form (whose mail goes nowhere), themed by `config`.
 */
export class ThemedAppModule {
  static with(config: Partial<AuthConfig> = {}): DynamicModule {
    return {
      module: ThemedAppModule,
      imports: [
        AuthModule.forRoot(
          nestAuthConfig({
            adapter: MemoryAdapter(),
            session: { strategy: "jwt" },
            providers: [
              {
                id: "acme",
                name: "Acme",
                type: "oauth",
                clientId: "client",
                clientSecret: "secret",
                // Never followed: these tests only look at the button.
                authorization: "http://127.0.0.1:9/authorize",
                token: "http://127.0.0.1:9/token",
                userinfo: "http://127.0.0.1:9/userinfo",
                style: { bg: "#24292f", text: "#ffffff" },
              },
              demoCredentials(),
              { id: "email", name: "Email", type: "email", sendVerificationRequest: () => {} },
            ],
            ...config,
          }),
        ),
      ],
      controllers: [OwnPagesController],
    }
  }
}

Module({})(ThemedAppModule)
