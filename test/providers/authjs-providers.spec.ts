// Provider objects from Auth.js itself (@auth/core, a devDependency) sign in through our engine
// unchanged: a factory passed un-called (env credentials), and called factories with options.
import AuthjsDiscord from "@auth/core/providers/discord"
import AuthjsGitHub from "@auth/core/providers/github"
import AuthjsKeycloak from "@auth/core/providers/keycloak"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { customFetch } from "../../lib/core/vocabulary/custom-fetch.js"
import type { Provider } from "../../lib/providers/types.js"
import { startApiStandIn, tokenEndpoint, type ApiStandIn } from "../utils/api-stand-in.js"
import { followAuthorization, idpRouter, type OidcIssuer, startOidcIssuer } from "../utils/oidc/index.js"
import { recordJwtCallback } from "../utils/record-callbacks.js"
import { signInThrough, withCode } from "../utils/sign-in-flow.js"
import { testConfig } from "../utils/test-config.js"

describe("Auth.js provider objects (@auth/core/providers/*)", () => {
  let keycloak: OidcIssuer
  let discord: ApiStandIn
  let github: ApiStandIn

  beforeAll(async () => {
    keycloak = await startOidcIssuer({
      clients: [{ client_id: "kc-client", client_secret: "kc-secret", redirect_uris: ["http://localhost:3000/auth/callback/keycloak"] }],
      accounts: { "kc-user-1": { preferred_username: "ines", name: "Inês Sá", email: "ines@acme.example" } },
    })
    discord = await startApiStandIn({
      "POST https://discord.com/api/oauth2/token": tokenEndpoint(
        { id: "dc-id", secret: "dc-secret", auth: "basic", code: "dc-code" },
        () => ({ json: { access_token: "dc-token", token_type: "Bearer", expires_in: 604800, scope: "identify email" } }),
      ),
      "GET https://discord.com/api/users/@me": () => ({
        json: { id: "41771983423143937", username: "ana", discriminator: "0", global_name: "Ana", avatar: null, email: "ana@dc.example" },
      }),
    })
    // Auth.js's GitHub fetches the user with the global fetch: point its enterprise URL at a local API.
    github = await startApiStandIn({
      "POST /login/oauth/access_token": () => ({ json: { access_token: "gho_authjs", token_type: "bearer", scope: "read:user,user:email" } }),
      "GET /api/v3/user": () => ({ json: { id: 9, login: "hubot", name: "Hubot", email: null, avatar_url: "https://a/h.png" } }),
      "GET /api/v3/user/emails": () => ({ json: [{ email: "hubot@gh.example", primary: true, verified: true }] }),
    })
  })
  afterAll(async () => {
    await keycloak.stop()
    await discord.stop()
    await github.stop()
  })

  it("accepts Keycloak (OIDC, un-called factory with AUTH_KEYCLOAK_*), Discord and GitHub (OAuth 2)", async () => {
    const jwt = recordJwtCallback()
    const router = idpRouter({ "https://discord.com": discord.origin })
    const providers: Provider[] = [
      AuthjsKeycloak,
      AuthjsDiscord({ clientId: "dc-id", clientSecret: "dc-secret", [customFetch]: router.fetch } as Parameters<typeof AuthjsDiscord>[0]),
      AuthjsGitHub({ clientId: "gh-id", clientSecret: "gh-secret", enterprise: { baseUrl: github.origin } }),
    ]
    const env = { AUTH_KEYCLOAK_ID: "kc-client", AUTH_KEYCLOAK_SECRET: "kc-secret", AUTH_KEYCLOAK_ISSUER: keycloak.issuer }
    const config = testConfig({ providers, callbacks: { jwt: jwt.callback } }, env)

    const viaKeycloak = await signInThrough(config, "keycloak", async (url) => {
      const { callbackUrl } = await followAuthorization(url.href)
      return { method: "GET", params: Object.fromEntries(callbackUrl.searchParams) }
    })
    expect(viaKeycloak.session?.user).toEqual({ name: "Inês Sá", email: "ines@acme.example", image: undefined })

    const viaDiscord = await signInThrough(config, "discord", withCode("dc-code"))
    expect(viaDiscord.session?.user).toEqual({
      name: "Ana",
      email: "ana@dc.example",
      image: "https://cdn.discordapp.com/embed/avatars/0.png",
    })

    const viaGitHub = await signInThrough(config, "github", withCode("gh-code", { iss: `${github.origin}/login/oauth` }))
    expect(viaGitHub.session?.user).toEqual({ name: "Hubot", email: "hubot@gh.example", image: "https://a/h.png" })

    const signIns = jwt.calls.filter((call) => call.account)
    expect(signIns.map((call) => [call.account?.provider, call.account?.providerAccountId])).toEqual([
      ["keycloak", "kc-user-1"],
      ["discord", "41771983423143937"],
      ["github", "9"],
    ])
  })
})
