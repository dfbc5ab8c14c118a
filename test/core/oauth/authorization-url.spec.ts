import { createHash } from "node:crypto"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { decode } from "../../../lib/core/jwt/encode-decode.js"
import { authorizationRedirect } from "../../../lib/core/oauth/authorization-url.js"
import { clearDiscoveryCache } from "../../../lib/core/oauth/client.js"
import { customFetch } from "../../../lib/core/vocabulary/custom-fetch.js"
import { type OidcIssuer, startOidcIssuer } from "../../utils/oidc/index.js"
import { BASE_URL, SECRET, oauthContext, resolveOAuth } from "./oauth-context.js"

let idp: OidcIssuer

beforeAll(async () => {
  idp = await startOidcIssuer({
    clients: [{ client_id: "corp-client", client_secret: "corp-secret", redirect_uris: [`${BASE_URL}/callback/corp`] }],
  })
})
afterAll(() => idp.stop())

function corp(extra: Record<string, unknown> = {}) {
  return resolveOAuth({
    id: "corp",
    name: "Corp",
    type: "oidc",
    issuer: idp.issuer,
    clientId: "corp-client",
    clientSecret: "corp-secret",
    ...extra,
  })
}

describe("authorizationRedirect", () => {
  it("sends pkce, state and nonce, each remembered in its sealed cookie", async () => {
    const provider = corp({ checks: ["pkce", "state", "nonce"] })
    const { url, cookies } = await authorizationRedirect(oauthContext(provider, { method: "POST" }), provider)

    const target = new URL(url)
    expect(`${target.origin}${target.pathname}`).toBe(`${idp.issuer}/auth`)
    const params = target.searchParams
    expect(params.get("response_type")).toBe("code")
    expect(params.get("client_id")).toBe("corp-client")
    expect(params.get("redirect_uri")).toBe(`${BASE_URL}/callback/corp`)
    expect(params.get("scope")).toBe("openid profile email")
    expect(params.get("code_challenge_method")).toBe("S256")
    expect(cookies.map((c) => c.name)).toEqual(["authjs.state", "authjs.pkce.code_verifier", "authjs.nonce"])

    const [state, pkce, nonce] = await Promise.all(
      cookies.map((c) => decode({ token: c.value, secret: SECRET, salt: c.name })),
    )
    expect(state).toMatchObject({ value: params.get("state"), provider: "corp" })
    expect(nonce).toMatchObject({ value: params.get("nonce"), provider: "corp" })
    expect(pkce?.provider).toBe("corp")
    const challenge = createHash("sha256").update(String(pkce?.value)).digest("base64url")
    expect(params.get("code_challenge")).toBe(challenge)
    // The state sent to the IdP is itself a JWE under the "encodedState" salt.
    const inner = await decode({ token: params.get("state") ?? "", secret: SECRET, salt: "encodedState" })
    expect(inner?.random).toMatch(/^[\w-]{43}$/)
  })

  it("gives the check cookies Auth.js's attributes (nonce without Max-Age)", async () => {
    const provider = corp({ checks: ["pkce", "state", "nonce"] })
    const { cookies } = await authorizationRedirect(oauthContext(provider, { method: "POST" }), provider)
    const byName = Object.fromEntries(cookies.map((c) => [c.name, c.options]))
    for (const options of Object.values(byName)) {
      expect(options).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/", secure: false })
      expect(options.expires).toBeInstanceOf(Date)
    }
    expect(byName["authjs.state"]?.maxAge).toBe(900)
    expect(byName["authjs.pkce.code_verifier"]?.maxAge).toBe(900)
    expect(byName["authjs.nonce"]?.maxAge).toBeUndefined()
  })

  it("uses __Secure- cookie names on https", async () => {
    const provider = corp({ checks: ["pkce", "state"] })
    const { cookies } = await authorizationRedirect(oauthContext(provider, { method: "POST", secure: true }), provider)
    expect(cookies.map((c) => [c.name, c.options.secure])).toEqual([
      ["__Secure-authjs.state", true],
      ["__Secure-authjs.pkce.code_verifier", true],
    ])
  })

  it("sends only the configured checks", async () => {
    const provider = corp({ checks: ["state"] })
    const { url, cookies } = await authorizationRedirect(oauthContext(provider, { method: "POST" }), provider)
    const params = new URL(url).searchParams
    expect(params.has("state")).toBe(true)
    expect(params.has("code_challenge")).toBe(false)
    expect(params.has("nonce")).toBe(false)
    expect(cookies.map((c) => c.name)).toEqual(["authjs.state"])
  })

  it("lets the sign-in query override configured params, but not client_id, redirect_uri or the checks", async () => {
    const provider = corp({
      checks: ["pkce", "state", "nonce"],
      authorization: { params: { prompt: "consent", scope: "openid email", access_type: "offline" } },
    })
    const query = {
      prompt: "login",
      login_hint: "alice@example.com",
      client_id: "evil",
      redirect_uri: "https://evil.example/cb",
      response_type: "token",
      state: "forced",
      nonce: "forced",
      code_challenge: "forced",
      code_challenge_method: "plain",
    }
    const { url } = await authorizationRedirect(oauthContext(provider, { method: "POST", query }), provider)
    const params = new URL(url).searchParams
    expect(params.get("prompt")).toBe("login")
    expect(params.get("login_hint")).toBe("alice@example.com")
    expect(params.get("scope")).toBe("openid email")
    expect(params.get("access_type")).toBe("offline")
    expect(params.get("client_id")).toBe("corp-client")
    expect(params.get("redirect_uri")).toBe(`${BASE_URL}/callback/corp`)
    expect(params.get("response_type")).toBe("code")
    expect(params.get("code_challenge_method")).toBe("S256")
    for (const name of ["state", "nonce", "code_challenge"]) expect(params.get(name)).not.toBe("forced")
  })

  it("keeps an explicit authorization URL and its params first, as Auth.js orders them", async () => {
    const provider = resolveOAuth({
      id: "plain",
      name: "Plain",
      type: "oauth",
      authorization: { url: "https://idp.example/authorize", params: { scope: "read:user" } },
      token: "https://idp.example/token",
      userinfo: "https://idp.example/user",
      clientId: "gh-id",
      clientSecret: "gh-secret",
    })
    const { url } = await authorizationRedirect(
      oauthContext(provider, { method: "POST", query: { prompt: "login" } }),
      provider,
    )
    const keys = [...new URL(url).searchParams.keys()]
    expect(url.startsWith("https://idp.example/authorize?scope=read%3Auser&response_type=code&client_id=gh-id")).toBe(true)
    expect(keys).toEqual(["scope", "response_type", "client_id", "redirect_uri", "prompt", "code_challenge", "code_challenge_method"])
    // The provider's own URL object is not touched by a sign-in.
    expect(provider.authorization?.url?.href).toBe("https://idp.example/authorize?scope=read%3Auser")
  })

  it("sets SameSite=None; Secure on the state and nonce cookies of form_post providers", async () => {
    const provider = corp({
      checks: ["pkce", "state", "nonce"],
      authorization: { params: { response_mode: "form_post" } },
    })
    expect(provider.formPost).toBe(true)
    const { cookies } = await authorizationRedirect(oauthContext(provider, { method: "POST" }), provider)
    const options = Object.fromEntries(cookies.map((c) => [c.name, c.options]))
    expect(options["authjs.state"]).toMatchObject({ sameSite: "none", secure: true })
    expect(options["authjs.nonce"]).toMatchObject({ sameSite: "none", secure: true })
    expect(options["authjs.pkce.code_verifier"]).toMatchObject({ sameSite: "lax", secure: false })
  })

  it("discovers each issuer once, also when sign-ins run concurrently", async () => {
    clearDiscoveryCache()
    const before = idp.requests.filter((r) => r.endsWith("/.well-known/openid-configuration")).length
    const provider = corp()
    const ctx = oauthContext(provider, { method: "POST" })
    await Promise.all([1, 2, 3].map(() => authorizationRedirect(ctx, provider)))
    await authorizationRedirect(ctx, provider)
    const after = idp.requests.filter((r) => r.endsWith("/.well-known/openid-configuration")).length
    expect(after - before).toBe(1)
  })

  it("does not remember a failed discovery", async () => {
    clearDiscoveryCache()
    let calls = 0
    const flaky = async (url: string, init: RequestInit) => {
      calls++
      if (calls === 1) throw new TypeError("fetch failed")
      return fetch(url, init)
    }
    const provider = corp({ [customFetch]: flaky })
    const ctx = oauthContext(provider, { method: "POST" })
    await expect(authorizationRedirect(ctx, provider)).rejects.toThrow("fetch failed")
    const { url } = await authorizationRedirect(ctx, provider)
    expect(url.startsWith(`${idp.issuer}/auth?`)).toBe(true)
    expect(calls).toBe(2)
  })
})
