import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { InternalOAuthProvider } from "../../../lib/core/config/types.js"
import {
  CallbackRouteError,
  InvalidCheck,
  OAuthCallbackError,
  OAuthProfileParseError,
} from "../../../lib/core/vocabulary/errors.js"
import { authorizationRedirect } from "../../../lib/core/oauth/authorization-url.js"
import { oauthCallback } from "../../../lib/core/oauth/callback.js"
import * as checks from "../../../lib/core/oauth/checks.js"
import { customFetch } from "../../../lib/core/vocabulary/custom-fetch.js"
import { followAuthorization, type OidcIssuer, startOidcIssuer } from "../../utils/oidc/index.js"
import { BASE_URL, jarOf, oauthContext, queryOf, resolveOAuth } from "./oauth-context.js"

const ids = ["corp", "other", "post", "explicit", "userinfo", "formpost", "mapper", "tamper"]
const redirectUris = ids.map((id) => `${BASE_URL}/callback/${id}`)
let idp: OidcIssuer

beforeAll(async () => {
  idp = await startOidcIssuer({
    clients: [
      { client_id: "basic-client", client_secret: "basic-secret", redirect_uris: redirectUris },
      {
        client_id: "post-client",
        client_secret: "post-secret",
        redirect_uris: redirectUris,
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
  })
})
afterAll(() => idp.stop())

function oidc(id: string, extra: Record<PropertyKey, unknown> = {}): InternalOAuthProvider {
  return resolveOAuth({
    id,
    name: id,
    type: "oidc",
    issuer: idp.issuer,
    clientId: "basic-client",
    clientSecret: "basic-secret",
    checks: ["pkce", "state", "nonce"],
    ...extra,
  })
}

/** Sign-in, the IdP's login and consent, and the context of the resulting callback request. */
async function authorize(provider: InternalOAuthProvider, options: { deny?: boolean } = {}) {
  const { url, cookies } = await authorizationRedirect(oauthContext(provider, { method: "POST" }), provider)
  const { callbackUrl, form } = await followAuthorization(url, options)
  const jar = jarOf(cookies)
  const callback = (cookieJar: Record<string, string> = jar) =>
    form
      ? oauthContext(provider, { method: "POST", body: form, cookies: cookieJar })
      : oauthContext(provider, { query: queryOf(callbackUrl), cookies: cookieJar })
  return { url, cookies, jar, callbackUrl, form, callback }
}

describe("oauthCallback against oidc-provider", () => {
  it("completes the code flow with pkce, state and nonce (client_secret_basic)", async () => {
    const provider = oidc("corp")
    const flow = await authorize(provider)
    expect(flow.callbackUrl.searchParams.get("iss")).toBe(idp.issuer)

    const started = Math.floor(Date.now() / 1000)
    const result = await oauthCallback(flow.callback(), provider)
    expect(result.profile).toMatchObject({ sub: "alice-sub", iss: idp.issuer, aud: "basic-client" })
    expect(result.user).toEqual({
      id: "alice-sub",
      name: "Alice Liddell",
      email: "alice@example.com",
      image: "https://example.com/alice.png",
    })
    expect(result.account).toMatchObject({ provider: "corp", type: "oidc", providerAccountId: "alice-sub" })
    expect(result.account.access_token).toBe(result.tokens.access_token)
    expect(result.tokens.token_type).toBe("bearer")
    expect(result.tokens.id_token?.split(".")).toHaveLength(3)
    // expires_at = the time of the token answer + expires_in
    const issuedAt = (result.tokens.expires_at ?? 0) - (result.tokens.expires_in ?? 0)
    expect(Number.isInteger(result.tokens.expires_at)).toBe(true)
    expect(issuedAt).toBeGreaterThanOrEqual(started)
    expect(issuedAt).toBeLessThanOrEqual(Math.floor(Date.now() / 1000))
    expect(result.cookies.map((c) => [c.name, c.value, c.options.maxAge])).toEqual([
      ["authjs.state", "", 0],
      ["authjs.pkce.code_verifier", "", 0],
      ["authjs.nonce", "", 0],
    ])
    // The JWKS was fetched: the ID token's signature was checked.
    expect(idp.requests).toContain("GET /jwks")
  })

  it.each([
    ["client_secret_basic", "basic-client", "basic-secret"],
    ["client_secret_post", "post-client", "post-secret"],
  ] as const)("authenticates to the token endpoint with %s", async (method, clientId, clientSecret) => {
    const tokenRequests: Array<{ headers: Headers; body: URLSearchParams }> = []
    const spy = (url: string, init: RequestInit) => {
      if (url.endsWith("/token")) {
        tokenRequests.push({ headers: new Headers(init.headers), body: new URLSearchParams(String(init.body)) })
      }
      return fetch(url, init)
    }
    const provider = oidc(method === "client_secret_post" ? "post" : "corp", {
      clientId,
      clientSecret,
      client: { token_endpoint_auth_method: method },
      [customFetch]: spy,
    })
    const result = await oauthCallback((await authorize(provider)).callback(), provider)
    expect(result.user.id).toBe("alice-sub")
    const [request] = tokenRequests
    expect(request?.body.get("grant_type")).toBe("authorization_code")
    expect(request?.body.get("redirect_uri")).toBe(`${BASE_URL}/callback/${provider.id}`)
    expect(request?.body.get("code_verifier")).toMatch(/^[\w-]{43}$/)
    if (method === "client_secret_basic") {
      const basic = Buffer.from(`${clientId}:${clientSecret}`).toString("base64")
      expect(request?.headers.get("authorization")).toBe(`Basic ${basic}`)
      expect(request?.body.has("client_secret")).toBe(false)
    } else {
      expect(request?.headers.get("authorization")).toBeNull()
      expect(request?.body.get("client_id")).toBe(clientId)
      expect(request?.body.get("client_secret")).toBe(clientSecret)
    }
  })

  it("uses explicit endpoints without discovery", async () => {
    const provider = oidc("explicit", {
      authorization: `${idp.issuer}/auth`,
      token: `${idp.issuer}/token`,
      userinfo: `${idp.issuer}/me`,
    })
    const before = idp.requests.length
    const result = await oauthCallback((await authorize(provider)).callback(), provider)
    expect(result.user.email).toBe("alice@example.com")
    expect(idp.requests.slice(before)).not.toContain("GET /.well-known/openid-configuration")
    expect(idp.requests.slice(before)).toContain("POST /token")
  })

  it('with checks ["pkce", "state"] sends and verifies both, and no nonce', async () => {
    const provider = oidc("corp", { checks: ["pkce", "state"] })
    const flow = await authorize(provider)
    const params = new URL(flow.url).searchParams
    expect(params.has("state") && params.has("code_challenge")).toBe(true)
    expect(params.has("nonce")).toBe(false)
    const result = await oauthCallback(flow.callback(), provider)
    expect(result.cookies.map((c) => c.name)).toEqual(["authjs.state", "authjs.pkce.code_verifier"])
    // Both are verified: each missing cookie fails the callback.
    const noState = await authorize(provider)
    await expect(oauthCallback(noState.callback({ "authjs.pkce.code_verifier": noState.jar["authjs.pkce.code_verifier"] ?? "" }), provider))
      .rejects.toBeInstanceOf(InvalidCheck)
    const noPkce = await authorize(provider)
    await expect(oauthCallback(noPkce.callback({ "authjs.state": noPkce.jar["authjs.state"] ?? "" }), provider))
      .rejects.toBeInstanceOf(InvalidCheck)
  })

  it("works with state alone (no PKCE verifier sent)", async () => {
    const provider = oidc("corp", { checks: ["state"] })
    const flow = await authorize(provider)
    expect(new URL(flow.url).searchParams.has("code_challenge")).toBe(false)
    const result = await oauthCallback(flow.callback(), provider)
    expect(result.user.id).toBe("alice-sub")
  })

  describe("state", () => {
    it("rejects a callback without the state cookie (InvalidCheck)", async () => {
      const provider = oidc("corp")
      const { jar, callback } = await authorize(provider)
      const { "authjs.state": _dropped, ...rest } = jar
      await expect(oauthCallback(callback(rest), provider)).rejects.toBeInstanceOf(InvalidCheck)
    })

    it("rejects a forged state cookie (InvalidCheck)", async () => {
      const provider = oidc("corp")
      const { jar, callback } = await authorize(provider)
      const forged = { ...jar, "authjs.state": `${jar["authjs.state"]?.slice(0, -4)}AAAA` }
      await expect(oauthCallback(callback(forged), provider)).rejects.toBeInstanceOf(InvalidCheck)
      await expect(oauthCallback(callback({ ...jar, "authjs.state": "garbage" }), provider)).rejects.toBeInstanceOf(
        InvalidCheck,
      )
    })

    it("rejects a state cookie made for another provider (InvalidCheck)", async () => {
      const provider = oidc("corp")
      const other = oidc("other")
      const { jar, callback } = await authorize(provider)
      const foreign = await checks.state.create(oauthContext(other), other)
      const swapped = { ...jar, "authjs.state": foreign.cookie.value }
      await expect(oauthCallback(callback(swapped), provider)).rejects.toBeInstanceOf(InvalidCheck)
    })

    it("rejects a state parameter that differs from the cookie", async () => {
      const provider = oidc("corp")
      const first = await authorize(provider)
      const second = await authorize(provider)
      // The first flow's answer with the second flow's (valid) cookies.
      // InvalidCheck (logged as a refusal), no longer CallbackRouteError: the state is the client's (#15).
      await expect(oauthCallback(first.callback(second.jar), provider)).rejects.toBeInstanceOf(InvalidCheck)
    })
  })

  it("turns error=access_denied into OAuthCallbackError", async () => {
    const provider = oidc("corp")
    const flow = await authorize(provider, { deny: true })
    expect(flow.callbackUrl.searchParams.get("error")).toBe("access_denied")
    await expect(oauthCallback(flow.callback(), provider)).rejects.toBeInstanceOf(OAuthCallbackError)
  })

  it("checks the state cookie before looking at error=", async () => {
    const provider = oidc("corp")
    const flow = await authorize(provider, { deny: true })
    await expect(oauthCallback(flow.callback({}), provider)).rejects.toBeInstanceOf(InvalidCheck)
  })

  it("fails when an authorization code is replayed", async () => {
    const provider = oidc("corp")
    const flow = await authorize(provider)
    await oauthCallback(flow.callback(), provider)
    const replay = oauthCallback(flow.callback(), provider)
    await expect(replay).rejects.toBeInstanceOf(CallbackRouteError)
    await expect(replay).rejects.toMatchObject({ cause: { message: expect.stringContaining("invalid_grant") } })
  })

  it("fails when the ID token's nonce is not the cookie's", async () => {
    const provider = oidc("corp")
    const flow = await authorize(provider)
    const otherNonce = await checks.nonce.create(oauthContext(provider), provider)
    const jar = { ...flow.jar, "authjs.nonce": otherNonce.cookie.value }
    await expect(oauthCallback(flow.callback(jar), provider)).rejects.toMatchObject({
      name: "CallbackRouteError",
      cause: { message: expect.stringContaining("nonce") },
    })
  })

  it("fails when the ID token's signature does not verify against the issuer's JWKS", async () => {
    const seen: Array<{ url: string; signal: unknown }> = []
    const tamper = async (url: string, init: RequestInit) => {
      seen.push({ url, signal: init.signal })
      const res = await fetch(url, init)
      if (!url.endsWith("/token")) return res
      const body = (await res.json()) as { id_token: string }
      const [header, payload, signature = ""] = body.id_token.split(".")
      const middle = Math.floor(signature.length / 2)
      const flipped = signature[middle] === "A" ? "B" : "A"
      body.id_token = `${header}.${payload}.${signature.slice(0, middle)}${flipped}${signature.slice(middle + 1)}`
      return new Response(JSON.stringify(body), { status: res.status, headers: { "content-type": "application/json" } })
    }
    const provider = oidc("tamper", { [customFetch]: tamper })
    const flow = await authorize(provider)
    await expect(oauthCallback(flow.callback(), provider)).rejects.toBeInstanceOf(CallbackRouteError)
    // The seam saw the token request, with a timeout signal.
    const token = seen.find((s) => s.url.endsWith("/token"))
    expect(token?.signal).toBeInstanceOf(AbortSignal)
  })

  it("reads the profile from userinfo with idToken: false", async () => {
    const provider = oidc("userinfo", { idToken: false })
    const result = await oauthCallback((await authorize(provider)).callback(), provider)
    expect(result.profile.sub).toBe("alice-sub")
    expect(result.profile.email).toBe("Alice@Example.com")
    // Userinfo claims, not ID token claims.
    expect(result.profile.aud).toBeUndefined()
    expect(idp.requests).toContain("GET /me")
  })

  it("reads a form_post callback from the POST body", async () => {
    const provider = oidc("formpost", { authorization: { params: { response_mode: "form_post" } } })
    const flow = await authorize(provider)
    expect(flow.form?.code).toBeTruthy()
    const result = await oauthCallback(flow.callback(), provider)
    expect(result.user.id).toBe("alice-sub")
  })

  it("reports a throwing profile mapper as OAuthProfileParseError", async () => {
    const provider = oidc("mapper", {
      profile: () => {
        throw new Error("no email")
      },
    })
    const flow = await authorize(provider)
    await expect(oauthCallback(flow.callback(), provider)).rejects.toBeInstanceOf(OAuthProfileParseError)
  })
})
