import { Controller, Get, Module, UseGuards, type DynamicModule } from "@nestjs/common"
import { AuthGuard, AuthModule, MemoryAdapter, Public, Session, customFetch } from "../../lib/index.js"
import type { AuthConfig, CustomFetch } from "../../lib/index.js"
import Credentials from "../../lib/providers/credentials.js"
import { TEST_SECRET } from "../utils/nest-auth-config.js"

/** The user the credentials provider signs in. */
export const securityUser = { id: "sec-user", name: "Sec User", email: "sec@example.com" }

/** A link the email provider would have mailed. */
export interface SentLink {
  identifier: string
  url: string
}

export interface SecurityAppOptions {
  /** The password the credentials provider accepts for sec@example.com (random when fuzzing: no probe can guess it). */
  password: string
  /** OIDC providers (`corp` unless named; client `corp-app` / `corp-secret` unless given). */
  oidc?: Array<{
    id?: string
    issuer: string
    clientId?: string
    checks?: Array<"pkce" | "state" | "nonce">
    /** httpOptions.timeout in ms. */
    timeout?: number
    /** Routes the provider's requests (an idpRouter's fetch). */
    fetch?: CustomFetch
  }>
  /** Email sign-in (MemoryAdapter, JWT sessions): links land in this outbox instead of a mailbox. */
  outbox?: SentLink[]
  /** Accept `Authorization: Bearer`. */
  bearer?: boolean
  /** Anything else (logger, secret, useSecureCookies, …) laid over the defaults. */
  config?: Partial<AuthConfig>
}

@Controller("profile")
@UseGuards(AuthGuard)
class ProfileController {
  @Get()
  me(@Session() session: Session) {
    return session
  }
}

@Public()
@Controller()
class PublicController {
  @Get("public")
  home(@Session() session: Session | null) {
    return { signedIn: session !== null }
  }

  @Get("health")
  health() {
    return { ok: true }
  }
}

/**
 * The app the security suites attack: credentials, optionally an OIDC provider and email links,
 * a guarded `/profile`, a public `/public` that reads the session, and `/health`.
 */
export function securityAppModule(options: SecurityAppOptions): DynamicModule {
  const providers: NonNullable<AuthConfig["providers"]> = [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      authorize: async (input) =>
        input.email === securityUser.email && input.password === options.password ? { ...securityUser } : null,
    }),
  ]
  const { outbox } = options
  for (const oidc of options.oidc ?? []) {
    providers.push({
      id: oidc.id ?? "corp",
      name: `${oidc.id ?? "corp"} SSO`,
      type: "oidc",
      issuer: oidc.issuer,
      clientId: oidc.clientId ?? "corp-app",
      clientSecret: "corp-secret",
      checks: oidc.checks ?? ["pkce", "state", "nonce"],
      ...(oidc.timeout === undefined ? {} : { httpOptions: { timeout: oidc.timeout } }),
      ...(oidc.fetch ? { [customFetch]: oidc.fetch } : {}),
    })
  }
  if (outbox) {
    providers.push({
      id: "email",
      name: "Email",
      type: "email",
      sendVerificationRequest: async ({ identifier, url }: SentLink) => void outbox.push({ identifier, url }),
    } as never)
  }
  const config: AuthConfig = {
    secret: TEST_SECRET,
    trustHost: true,
    providers,
    ...(outbox ? { adapter: MemoryAdapter(), session: { strategy: "jwt" as const } } : {}),
    ...options.config,
  }

  @Module({
    imports: [AuthModule.forRoot({ ...config, bearer: options.bearer ?? false })],
    controllers: [ProfileController, PublicController],
  })
  class SecurityAppModule {}
  return { module: SecurityAppModule }
}
