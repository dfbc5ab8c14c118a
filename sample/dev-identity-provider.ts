import { generateKeyPairSync, randomBytes, type JsonWebKey } from "node:crypto"
import { createServer } from "node:http"
import type { IncomingMessage, Server, ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { Injectable, Logger, Module } from "@nestjs/common"
import type { OnApplicationShutdown } from "@nestjs/common"
import { handleInteraction, interactionUrl, type InteractionProvider } from "./dev-idp-pages.js"

/** What the app needs to know to use the embedded OpenID Provider. */
export interface DevIdentityProviderInfo {
  /** `http://127.0.0.1:<port>` */
  issuer: string
  clientId: string
  clientSecret: string
}

/** The part of `oidc-provider` used here (the package ships no type declarations). */
interface OidcProvider extends InteractionProvider {
  callback(): (req: IncomingMessage, res: ServerResponse) => void
}
type OidcProviderClass = new (issuer: string, configuration: Record<string, unknown>) => OidcProvider

interface Account {
  accountId: string
  claims: () => Record<string, unknown>
}

/**
 * A development-only OpenID Provider (`oidc-provider`, a devDependency) running inside the sample
 * on 127.0.0.1. Its login page (ours, dev-idp-pages.ts) accepts any username and any password; the
 * username becomes the user's `sub` and name. It knows one client: this app, on any loopback port (RFC 8252 §7.3).
 */
@Injectable()
export class DevIdentityProvider implements OnApplicationShutdown {
  private readonly logger = new Logger("DevIdP")
  private server?: Server
  private info?: Promise<DevIdentityProviderInfo>

  /** Starts the provider once; later calls get the same one. */
  start(basePath = "/auth", providerId = "dev-idp"): Promise<DevIdentityProviderInfo> {
    this.info ??= this.listen(basePath, providerId)
    return this.info
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server
    if (!server) return
    this.server = undefined
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  private async listen(basePath: string, providerId: string): Promise<DevIdentityProviderInfo> {
    const Provider = await loadOidcProvider()

    const host = process.env.DEV_IDP_HOST ?? "127.0.0.1"
    const server = createServer()
    this.server = server
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject)
      server.listen(Number(process.env.DEV_IDP_PORT ?? 0), host, resolve)
    })
    const { port } = server.address() as AddressInfo
    const issuer = `http://${host}:${port}`
    const info = { issuer, clientId: "nestjs-authjs-sample", clientSecret: randomBytes(24).toString("base64url") }

    const callbackPath = `${basePath}/callback/${providerId}`
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: info.clientId,
          client_secret: info.clientSecret,
          // A native client may come back to any port of a loopback redirect URI.
          application_type: "native",
          redirect_uris: [`http://localhost${callbackPath}`, `http://127.0.0.1${callbackPath}`],
          grant_types: ["authorization_code"],
          response_types: ["code"],
        },
      ],
      claims: { openid: ["sub"], profile: ["name"], email: ["email", "email_verified"] },
      // Auth.js reads the profile from the ID token by default.
      conformIdTokenClaims: false,
      // Our own login and consent pages (dev-idp-pages.ts) instead of devInteractions', which load a
      // web font from a CDN and look nothing like the app.
      features: { devInteractions: { enabled: false } },
      interactions: { url: interactionUrl },
      findAccount: (_ctx: unknown, sub: string): Account => ({ accountId: sub, claims: () => claimsFor(sub) }),
      jwks: { keys: [signingKey()] },
      cookies: { keys: [randomBytes(32).toString("base64url")] },
      ttl: { AccessToken: 3600, AuthorizationCode: 60, Grant: 3600, IdToken: 3600, Interaction: 600, Session: 3600 },
    })
    const callback = provider.callback()
    server.on("request", (req: IncomingMessage, res: ServerResponse) => {
      handleInteraction(provider, req, res).then(
        (handled) => handled || callback(req, res),
        (error: unknown) => {
          this.logger.error(error)
          if (!res.headersSent) res.writeHead(500)
          res.end()
        },
      )
    })
    this.logger.log(`Dev OpenID Provider at ${issuer}: sign in with any username and password`)
    return info
  }
}

/** Makes `DevIdentityProvider` injectable into `AuthModule.forRootAsync`. */
@Module({ providers: [DevIdentityProvider], exports: [DevIdentityProvider] })
export class DevIdentityProviderModule {}

function claimsFor(login: string): Record<string, unknown> {
  const email = login.includes("@") ? login : `${login.replace(/[^\w.-]/g, "_")}@example.com`
  return { sub: login, name: login.split("@")[0], email, email_verified: true }
}

/** A fresh RS256 key per run: ID tokens only need to verify while this process lives. */
function signingKey(): Record<string, unknown> {
  // Exported as JWK by the key generation itself: exporting the KeyObject afterwards can deadlock
  // Node 20 when a collection runs during the export and finalises the finished generation job,
  // which takes the same lock (seen once in CI, stuck in KeyObjectHandle::ExportJWK).
  // (@types/node leaves out the "jwk" encoding that Node accepts here.)
  const generate = generateKeyPairSync as unknown as (type: "rsa", options: object) => { privateKey: JsonWebKey }
  const { privateKey } = generate("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { format: "jwk" },
    privateKeyEncoding: { format: "jwk" },
  })
  return { ...privateKey, kid: "dev-idp", alg: "RS256", use: "sig" }
}

// oidc-provider 9 prints "Unsupported runtime. Use Node.js v22.x LTS" when loaded on Node 20, which
// this library supports (package.json `engines`) and where the dev IdP works. A warning at every
// `npm start` that asks for nothing teaches people to ignore warnings: that one line is dropped, only
// while the module loads.
const UNSUPPORTED_RUNTIME = "oidc-provider WARNING: Unsupported runtime."

async function loadOidcProvider(): Promise<OidcProviderClass> {
  const warn = console.warn
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === "string" && args[0].includes(UNSUPPORTED_RUNTIME)) return
    warn.apply(console, args)
  }
  try {
    // oidc-provider is ESM-only: load it with import(), which also works from the CommonJS build.
    const specifier = "oidc-provider"
    const { default: Provider } = (await import(specifier)) as { default: OidcProviderClass }
    return Provider
  } finally {
    console.warn = warn
  }
}
