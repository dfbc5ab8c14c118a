import { describe, expect, it } from "vitest"
import { resolveProviders } from "../../../lib/core/config/providers.js"
import type { InternalOAuthProvider } from "../../../lib/core/config/types.js"
import { customFetch } from "../../../lib/core/vocabulary/custom-fetch.js"
import Credentials from "../../../lib/providers/credentials.js"
import GitHub from "../../../lib/providers/github.js"
import Google from "../../../lib/providers/google.js"
import type { OAuthConfig, Provider } from "../../../lib/providers/types.js"

const creds = { clientId: "id", clientSecret: "secret" }

function oauth(provider: Record<PropertyKey, unknown>, env: Record<string, string> = {}): InternalOAuthProvider {
  return resolveProviders([provider as unknown as Provider], env)[0] as InternalOAuthProvider
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key])
    Object.freeze(value)
  }
  return value
}

describe("resolveProviders", () => {
  describe("factories and env", () => {
    it("calls an un-called factory with the AUTH_<ID>_* credentials", () => {
      const [github] = resolveProviders([GitHub], { AUTH_GITHUB_ID: "gh-id", AUTH_GITHUB_SECRET: "gh-secret" })
      expect(github).toMatchObject({ id: "github", clientId: "gh-id", clientSecret: "gh-secret" })
    })

    it("probes a factory with {} for its id, then calls it with that id's variables", () => {
      const calls: unknown[] = []
      const factory = (options?: Record<string, unknown>): OAuthConfig => {
        calls.push(options)
        return { id: "microsoft-entra-id", name: "Entra", type: "oidc", options }
      }
      const [provider] = resolveProviders([factory], {
        AUTH_MICROSOFT_ENTRA_ID_ID: "e-id",
        AUTH_MICROSOFT_ENTRA_ID_SECRET: "e-secret",
        AUTH_MICROSOFT_ENTRA_ID_ISSUER: "https://login.example.com/tenant/v2.0",
      })
      expect(calls).toEqual([
        {},
        {
          clientId: "e-id",
          clientSecret: "e-secret",
          issuer: "https://login.example.com/tenant/v2.0",
          apiKey: undefined,
        },
      ])
      expect(provider).toMatchObject({ clientId: "e-id", issuer: "https://login.example.com/tenant/v2.0" })
    })

    it("fills only what the config leaves undefined", () => {
      const [github] = resolveProviders([GitHub({ clientId: "from-config" })], {
        AUTH_GITHUB_ID: "from-env",
        AUTH_GITHUB_SECRET: "env-secret",
      })
      expect(github).toMatchObject({ clientId: "from-config", clientSecret: "env-secret" })
    })

    it("reads the variables of a renamed provider's id, then of its factory's id", () => {
      const [renamed] = resolveProviders([GitHub({ id: "github-corp" })], {
        AUTH_GITHUB_CORP_ID: "corp-id",
        AUTH_GITHUB_SECRET: "shared-secret",
      })
      expect(renamed).toMatchObject({ id: "github-corp", clientId: "corp-id", clientSecret: "shared-secret" })
    })

    it("ignores empty variables", () => {
      expect(() => resolveProviders([GitHub], { AUTH_GITHUB_ID: "", AUTH_GITHUB_SECRET: "s" })).toThrow(
        "providers[0] (github) has no clientId: set AUTH_GITHUB_ID or pass clientId",
      )
    })
  })

  describe("option merging", () => {
    it("merges arrays by index, as Auth.js does", () => {
      const provider = oauth({
        id: "x",
        name: "X",
        type: "oidc",
        issuer: "https://idp.example",
        checks: ["pkce", "state"],
        options: { ...creds, checks: ["nonce"] },
      })
      expect(provider.checks).toEqual(["nonce", "state"])
    })

    it("skips undefined options and lets an object replace a string endpoint", () => {
      const provider = oauth({
        id: "x",
        name: "X",
        type: "oidc",
        issuer: "https://idp.example",
        authorization: "https://idp.example/authorize",
        options: { ...creds, name: undefined, authorization: { params: { prompt: "consent" } } },
      })
      expect(provider.name).toBe("X")
      // No url any more: the placeholder host means "from discovery", carrying the params.
      expect(provider.authorization?.url?.origin).toBe("https://authjs.dev")
      expect(provider.authorization?.url?.searchParams.get("prompt")).toBe("consent")
    })

    it("never modifies the objects it is given", () => {
      const input = deepFreeze({
        id: "x",
        name: "X",
        type: "oauth" as const,
        authorization: { url: "https://idp.example/authorize", params: { scope: "a" } },
        token: "https://idp.example/token",
        userinfo: "https://idp.example/user",
        checks: ["pkce" as const],
        options: { ...creds, checks: ["state" as const], authorization: { params: { prompt: "login" } } },
      })
      const before = JSON.stringify(input)
      const [provider] = resolveProviders([input], {})
      expect(JSON.stringify(input)).toBe(before)
      expect(Object.isFrozen(provider)).toBe(true)
    })

    it("keeps a [customFetch] given in the defaults or in the options", () => {
      const fetchA = async () => new Response()
      const fetchB = async () => new Response()
      const base = { id: "x", name: "X", type: "oidc", issuer: "https://idp.example", ...creds }
      expect(oauth({ ...base, [customFetch]: fetchA })[customFetch as never]).toBe(fetchA)
      expect(oauth({ ...base, options: { [customFetch]: fetchB } })[customFetch as never]).toBe(fetchB)
    })
  })

  describe("OAuth normalisation", () => {
    it("turns endpoints into URLs, params into query parameters and claims into JSON", () => {
      const provider = oauth({
        id: "x",
        name: "X",
        type: "oauth",
        authorization: {
          url: "https://idp.example/authorize",
          params: { scope: "read", claims: { id_token: { email: null } }, max_age: 60 },
        },
        token: "https://idp.example/token",
        userinfo: { url: "https://idp.example/user", params: { fields: "id,name" } },
        ...creds,
      })
      expect(provider.authorization?.url?.searchParams.get("claims")).toBe('{"id_token":{"email":null}}')
      expect(provider.authorization?.url?.searchParams.get("max_age")).toBe("60")
      expect(provider.token?.url?.href).toBe("https://idp.example/token")
      expect(provider.userinfo?.url?.href).toBe("https://idp.example/user?fields=id%2Cname")
      expect(provider.checks).toEqual(["pkce"])
      expect(provider.formPost).toBe(false)
    })

    it("leaves absent endpoints to discovery and defaults the scope", () => {
      const provider = oauth({
        id: "x",
        name: "X",
        type: "oidc",
        issuer: "https://idp.example",
        authorization: { params: { response_mode: "form_post" } },
        ...creds,
      })
      expect(provider.token).toBeUndefined()
      expect(provider.userinfo).toBeUndefined()
      expect(provider.authorization?.url?.searchParams.get("scope")).toBe("openid profile email")
      expect(provider.formPost).toBe(true)
      expect(provider.wellKnown).toBe("https://idp.example/.well-known/openid-configuration")
    })

    it("maps profiles with the default mapper (§7.9) and accounts with the default account mapper", async () => {
      const provider = oauth({ id: "x", name: "X", type: "oidc", issuer: "https://idp.example", ...creds })
      expect(await provider.profile({ sub: "s1", nickname: "nick", email: "a@b.c", picture: "p" }, {})).toEqual({
        id: "s1",
        name: "nick",
        email: "a@b.c",
        image: "p",
      })
      expect(await provider.profile({ id: 7, preferred_username: "pu" }, {})).toEqual({ id: "7", name: "pu" })
      expect(provider.account({ access_token: "a", expires_in: 60, expires_at: 9, extra: "x", token_type: "bearer" }))
        .toEqual({ access_token: "a", expires_at: 9, token_type: "bearer" })
    })

    it("defaults Credentials' id and name and fills a provider's missing name with its id", () => {
      const providers = resolveProviders(
        [Credentials, { id: "corp", type: "oidc", issuer: "https://idp.example", ...creds } as never],
        {},
      )
      expect(providers.map((p) => [p.id, p.name, p.type])).toEqual([
        ["credentials", "Credentials", "credentials"],
        ["corp", "corp", "oidc"],
      ])
    })

    it("resolves Google with discovery on accounts.google.com", () => {
      const [google] = resolveProviders([Google], { AUTH_GOOGLE_ID: "g", AUTH_GOOGLE_SECRET: "s" })
      expect(google).toMatchObject({ id: "google", type: "oidc", issuer: "https://accounts.google.com" })
      expect((google as InternalOAuthProvider).authorization).toBeUndefined()
    })
  })

  describe("broken providers", () => {
    const ok = { id: "ok", name: "OK", type: "oidc", issuer: "https://idp.example", ...creds }
    const cases: Array<[string, unknown[], string]> = [
      ["no id", [{ type: "oauth" }], "providers[0] has no id"],
      ["a bad id", [{ ...ok, id: "a/b" }], 'providers[0].id "a/b" may contain only'],
      ["no type", [{ id: "x" }], "providers[0] (x) has no type"],
      ["an unknown type", [{ id: "x", type: "saml" }], 'providers[0] (x) has the unsupported type "saml"'],
      ["a WebAuthn provider without its peer's functions", [{ id: "x", type: "webauthn" }], 'providers[0] (x) has no simpleWebAuthn functions'],
      ["duplicate ids", [ok, { ...ok }], 'providers[1] has the id "ok" already used by providers[0]'],
      ["an issuer that is no URL", [ok, { ...ok, id: "b", issuer: "idp.example" }], "providers[1].issuer must be an absolute URL"],
      ["a plain-http issuer off loopback", [{ ...ok, issuer: "http://idp.example" }], "providers[0].issuer must be an https URL"],
      ["no clientId", [{ ...ok, id: "corp", clientId: undefined }], "providers[0] (corp) has no clientId: set AUTH_CORP_ID or pass clientId"],
      ["no clientSecret", [{ ...ok, clientSecret: undefined }], "providers[0] (ok) has no clientSecret: set AUTH_OK_SECRET"],
      ["an OIDC provider without issuer", [{ ...ok, issuer: undefined }], "providers[0] (ok) is an OIDC provider and needs an issuer"],
      [
        "an OAuth provider without issuer and endpoints",
        [{ ...ok, type: "oauth", issuer: undefined, authorization: "https://idp.example/a" }],
        "providers[0] (ok) has no issuer, so it needs authorization, token and userinfo URLs (missing: token, userinfo)",
      ],
      ["an unknown check", [{ ...ok, checks: ["pkce", "magic"] }], "providers[0].checks must be a list of"],
      ["an unknown auth method", [{ ...ok, client: { token_endpoint_auth_method: "tls_client_auth" } }], "token_endpoint_auth_method must be"],
      ["a relative endpoint", [{ ...ok, token: "/token" }], "providers[0].token must be an absolute URL"],
      ["credentials without authorize", [{ id: "c", type: "credentials" }], "providers[0] (c) has no authorize function"],
      ["something that is no provider", [42], "providers[0] must be a provider object or a provider factory"],
    ]
    it.each(cases)("rejects %s", (_name, providers, message) => {
      expect(() => resolveProviders(providers as Provider[], {})).toThrow(TypeError)
      expect(() => resolveProviders(providers as Provider[], {})).toThrow(message)
    })

    it("accepts a public client (token_endpoint_auth_method none) without a secret", () => {
      const provider = oauth({ ...ok, clientSecret: undefined, client: { token_endpoint_auth_method: "none" } })
      expect(provider.clientSecret).toBeUndefined()
    })

    it("accepts plain-http endpoints on loopback hosts", () => {
      for (const host of ["127.0.0.1:9000", "localhost:9000", "[::1]:9000"]) {
        expect(oauth({ ...ok, issuer: `http://${host}` }).issuer).toBe(`http://${host}`)
      }
    })
  })
})
