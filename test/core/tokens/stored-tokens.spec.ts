// tokens.* with the database strategy: the tokens live on the adapter's account row. `keep`
// replaces them at every sign-in; refresh finds and updates the row through the optional adapter
// methods getAccountByUserId and updateAccount, and fails start-up without them.
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { MemoryAdapter } from "../../../lib/adapters/memory-adapter.js"
import type { Adapter } from "../../../lib/core/vocabulary/adapter.js"
import { customFetch } from "../../../lib/core/vocabulary/custom-fetch.js"
import Discord from "../../../lib/providers/discord.js"
import Keycloak from "../../../lib/providers/keycloak.js"
import { startApiStandIn, tokenEndpoint, type ApiStandIn } from "../../utils/api-stand-in.js"
import { type IdpRouter, idpRouter } from "../../utils/oidc/index.js"
import { sessionOf, signInThrough, withCode } from "../../utils/sign-in-flow.js"
import { testConfig } from "../../utils/test-config.js"

const env = { AUTH_DISCORD_ID: "dc-id", AUTH_DISCORD_SECRET: "dc-secret" }
let discord: ApiStandIn
let router: IdpRouter
let issued = 0

beforeAll(async () => {
  discord = await startApiStandIn({
    "POST https://discord.com/api/oauth2/token": tokenEndpoint({ id: "dc-id", secret: "dc-secret", auth: "basic", code: "c" }, () => {
      issued += 1
      return { json: { access_token: `at-${issued}`, refresh_token: `rt-${issued}`, token_type: "Bearer", expires_in: 600 } }
    }),
    "GET https://discord.com/api/users/@me": () => ({
      json: { id: "42", username: "kim", discriminator: "0", global_name: "Kim", avatar: null, email: "kim@dc.example" },
    }),
  })
  router = idpRouter({ "https://discord.com": discord.origin })
})
afterAll(() => discord.stop())

const database = (adapter: Adapter, tokens: Record<string, boolean>) =>
  testConfig(
    { providers: [Discord({ [customFetch]: router.fetch, tokens })], adapter, session: { strategy: "database" } },
    env,
  )

describe("tokens with database sessions", () => {
  it("keep: a returning user's sign-in replaces the tokens on the account row", async () => {
    const adapter = MemoryAdapter()
    const config = database(adapter, { keep: true })
    await signInThrough(config, "discord", withCode("c"))
    const first = await adapter.getAccount("42", "discord")
    await signInThrough(config, "discord", withCode("c"))
    const second = await adapter.getAccount("42", "discord")
    expect(first?.access_token).toMatch(/^at-\d+$/)
    expect(second).toMatchObject({ provider: "discord", providerAccountId: "42", userId: first?.userId })
    expect(second?.access_token).not.toBe(first?.access_token)
    expect(second?.refresh_token).not.toBe(first?.refresh_token)
  })

  it("without keep, the first sign-in's tokens stay (Auth.js's behaviour)", async () => {
    const adapter = MemoryAdapter()
    const config = database(adapter, {})
    await signInThrough(config, "discord", withCode("c"))
    const first = await adapter.getAccount("42", "discord")
    await signInThrough(config, "discord", withCode("c"))
    expect((await adapter.getAccount("42", "discord"))?.access_token).toBe(first?.access_token)
  })

  it("refresh: a due access token on the account row is refreshed and written back (getAccountByUserId, updateAccount)", async () => {
    const adapter = MemoryAdapter()
    const seen: unknown[] = []
    const config = testConfig(
      {
        providers: [Discord({ [customFetch]: router.fetch, tokens: { refresh: true } })],
        adapter,
        session: { strategy: "database" },
        callbacks: { session: ({ session, account }) => (seen.push(account?.access_token), { ...session, user: undefined }) },
      },
      env,
    )
    const { jar } = await signInThrough(config, "discord", withCode("c"))
    const signedIn = (await adapter.getAccount("42", "discord"))!
    const { session: fresh } = await sessionOf(config, jar)
    expect(seen.at(-1)).toBe(signedIn.access_token) // not due: no grant
    await adapter.updateAccount({ ...signedIn, expires_at: 1 })
    const { session } = await sessionOf(config, jar)
    const refreshed = (await adapter.getAccount("42", "discord"))!
    expect(refreshed.access_token).not.toBe(signedIn.access_token)
    expect(refreshed.refresh_token).not.toBe(signedIn.refresh_token)
    expect(refreshed.expires_at).toBeGreaterThan(Date.now() / 1000)
    expect(seen.at(-1)).toBe(refreshed.access_token)
    expect(session).not.toBeNull()
    expect(fresh && "error" in fresh).toBe(false)
    expect(session && "error" in session).toBe(false)
  })

  it("fails start-up for refresh, revocation and RP-initiated logout when the adapter cannot find the account", () => {
    const { getAccountByUserId: _find, updateAccount: _update, ...plain } = MemoryAdapter()
    expect(() => database(plain, { refresh: true })).toThrow(
      "tokens.refresh with database sessions needs the adapter methods getAccountByUserId and updateAccount",
    )
    const { updateAccount: _u, ...readOnly } = MemoryAdapter()
    expect(() => database(readOnly, { refresh: true })).toThrow("needs the adapter method updateAccount")
    const keycloak = Keycloak({ issuer: "https://sso.example.com/realms/acme", clientId: "a", clientSecret: "s" })
    expect(() => testConfig({ providers: [keycloak], adapter: plain, tokens: { endSessionOnSignOut: true } })).toThrow(
      "providers[0] (keycloak): tokens.endSessionOnSignOut with database sessions needs the adapter method getAccountByUserId",
    )
    expect(() => database(MemoryAdapter(), { refresh: true })).not.toThrow()
  })

  it("fails start-up for keep when the adapter cannot unlink accounts", () => {
    const { unlinkAccount: _missing, ...adapter } = MemoryAdapter()
    expect(() => database(adapter, { keep: true })).toThrow("needs the adapter method unlinkAccount")
  })

  it("rejects misspelt options at start-up", () => {
    expect(() => testConfig({ providers: [Discord({ tokens: { refresh: "yes" as never } })] }, env)).toThrow(
      "providers[0].tokens.refresh must be a boolean",
    )
    expect(() => testConfig({ providers: [Discord], httpOptions: { timeout: -1 } }, env)).toThrow(
      "httpOptions.timeout must be a positive number of milliseconds",
    )
    // Revocation needs discovery: asked for on a provider without an issuer, it fails start-up;
    // asked for config-wide, it applies where it can.
    expect(() => testConfig({ providers: [Discord({ tokens: { revokeOnSignOut: true } })] }, env)).toThrow(
      "providers[0].tokens.revokeOnSignOut needs an issuer",
    )
    const wide = testConfig({ providers: [Discord], tokens: { revokeOnSignOut: true } }, env)
    expect(wide.providersById.get("discord")).toMatchObject({ tokens: { revokeOnSignOut: false, keep: false } })
  })
})
