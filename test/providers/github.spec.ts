import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { resolveProviders } from "../../lib/core/config/providers.js"
import type { InternalOAuthProvider } from "../../lib/core/config/types.js"
import { authorizationRedirect } from "../../lib/core/oauth/authorization-url.js"
import { oauthCallback } from "../../lib/core/oauth/callback.js"
import GitHub, { type GitHubProfile } from "../../lib/providers/github.js"
import { BASE_URL, jarOf, oauthContext } from "../core/oauth/oauth-context.js"
import { customFetch } from "../../lib/core/vocabulary/custom-fetch.js"
import { startApiStandIn, tokenEndpoint, type ApiAnswer, type ApiStandIn } from "../utils/api-stand-in.js"
import { type IdpRouter, idpRouter } from "../utils/oidc/index.js"
import { signInThrough, withCode } from "../utils/sign-in-flow.js"
import { testConfig } from "../utils/test-config.js"

const env = { AUTH_GITHUB_ID: "gh-id", AUTH_GITHUB_SECRET: "gh-secret" }

describe("GitHub", () => {
  it("has Auth.js's defaults", () => {
    const config = GitHub()
    expect(config).toMatchObject({
      id: "github",
      name: "GitHub",
      type: "oauth",
      issuer: "https://github.com/login/oauth",
      authorization: { url: "https://github.com/login/oauth/authorize", params: { scope: "read:user user:email" } },
      token: "https://github.com/login/oauth/access_token",
      userinfo: { url: "https://api.github.com/user" },
    })
  })

  it("takes its credentials from AUTH_GITHUB_ID and AUTH_GITHUB_SECRET", () => {
    const [github] = resolveProviders([GitHub], env) as InternalOAuthProvider[]
    expect(github).toMatchObject({ clientId: "gh-id", clientSecret: "gh-secret", checks: ["pkce"] })
    expect(github?.authorization?.url?.href).toBe(
      "https://github.com/login/oauth/authorize?scope=read%3Auser+user%3Aemail",
    )
  })

  it("merges the user's options over its defaults", () => {
    const [github] = resolveProviders(
      [GitHub({ authorization: { params: { scope: "read:user" } }, checks: ["pkce", "state"], name: "GH" })],
      env,
    ) as InternalOAuthProvider[]
    expect(github?.name).toBe("GH")
    expect(github?.checks).toEqual(["pkce", "state"])
    expect(github?.authorization?.url?.searchParams.get("scope")).toBe("read:user")
    expect(github?.token?.url?.href).toBe("https://github.com/login/oauth/access_token")
  })

  it("points every endpoint at a GitHub Enterprise server", () => {
    const config = GitHub({ enterprise: { baseUrl: "https://ghe.example.com" } })
    expect(config.issuer).toBe("https://ghe.example.com/login/oauth")
    expect(config.token).toBe("https://ghe.example.com/login/oauth/access_token")
    expect(config.userinfo).toMatchObject({ url: "https://ghe.example.com/api/v3/user" })
  })

  it("maps the profile: string id, login when there is no name", async () => {
    const profile: GitHubProfile = { id: 1, login: "octocat", name: null, email: "o@x.io", avatar_url: "https://a/1" }
    expect(await GitHub().profile?.(profile, {})).toEqual({
      id: "1",
      name: "octocat",
      email: "o@x.io",
      image: "https://a/1",
    })
  })

  describe("sign-in against a fake GitHub", () => {
    let api: ApiStandIn
    let user: ApiAnswer
    let emails: ApiAnswer

    beforeAll(async () => {
      api = await startApiStandIn({
        "POST /login/oauth/access_token": () => ({
          json: { access_token: "gho_token", token_type: "bearer", scope: "read:user,user:email" },
        }),
        "GET /api/v3/user": () => user,
        "GET /api/v3/user/emails": () => emails,
      })
    })
    afterAll(() => api.stop())
    beforeEach(() => {
      api.requests.length = 0
      user = { json: { id: 583231, login: "octocat", name: "The Octocat", email: null, avatar_url: "https://a/o" } }
      emails = {
        json: [
          { email: "other@example.com", primary: false, verified: true, visibility: null },
          { email: "Octo@Private.example", primary: true, verified: true, visibility: "private" },
        ],
      }
    })

    async function signIn() {
      const [github] = resolveProviders([GitHub({ enterprise: { baseUrl: api.origin } })], env) as InternalOAuthProvider[]
      const provider = github as InternalOAuthProvider
      const { url, cookies } = await authorizationRedirect(oauthContext(provider, { method: "POST" }), provider)
      // What GitHub redirects back with: the code, no state (only pkce is on), and RFC 9207 iss.
      const query = { code: "gh-code", iss: `${api.origin}/login/oauth` }
      const result = await oauthCallback(oauthContext(provider, { query, cookies: jarOf(cookies) }), provider)
      return { url, result }
    }

    it("builds GitHub's authorization URL", async () => {
      const { url } = await signIn()
      const redirect = encodeURIComponent(`${BASE_URL}/callback/github`)
      expect(url).toMatch(
        new RegExp(
          `^${api.origin}/login/oauth/authorize\\?scope=read%3Auser\\+user%3Aemail&response_type=code&client_id=gh-id&redirect_uri=${redirect}&code_challenge=`,
        ),
      )
    })

    it("reads a private primary email from /user/emails", async () => {
      const { result } = await signIn()
      expect(result.user).toEqual({
        id: "583231",
        name: "The Octocat",
        email: "octo@private.example",
        image: "https://a/o",
      })
      expect(result.account.providerAccountId).toBe("583231")
      const calls = api.requests.map((r) => `${r.method} ${r.url.pathname}`)
      expect(calls).toEqual(["POST /login/oauth/access_token", "GET /api/v3/user", "GET /api/v3/user/emails"])
      for (const request of api.requests.slice(1)) {
        expect(request.headers["user-agent"]).toBe("authjs")
        expect(request.headers.authorization).toBe("Bearer gho_token")
      }
    })

    it("does not ask for emails when the profile has a public one", async () => {
      user = { json: { id: 1, login: "pub", name: null, email: "pub@example.com", avatar_url: "https://a/p" } }
      const { result } = await signIn()
      expect(result.user).toMatchObject({ name: "pub", email: "pub@example.com" })
      expect(api.requests.map((r) => r.url.pathname)).not.toContain("/api/v3/user/emails")
    })

    it("signs in without an email when /user/emails is refused", async () => {
      emails = { status: 403, json: { message: "Resource not accessible" } }
      const { result } = await signIn()
      expect(result.user.email).toBeNull()
      expect(result.user.id).toBe("583231")
    })
  })
})

describe("GitHub, its real configuration against a stand-in for github.com and api.github.com", () => {
  const client = { id: "Iv1.8a61f9b3a7aba766", secret: "gh-secret", auth: "basic" as const, code: "gh-code" }
  let github: ApiStandIn
  let router: IdpRouter
  beforeAll(async () => {
    github = await startApiStandIn({
      // GitHub answers the code exchange with a 200 (errors too) and a comma-separated scope.
      "POST https://github.com/login/oauth/access_token": tokenEndpoint(client, () => ({
        json: { access_token: "gho_16C7e42F292c6912E7710c838347Ae178B4a", token_type: "bearer", scope: "read:user,user:email" },
      })),
      "GET https://api.github.com/user": () => ({
        json: { login: "octocat", id: 1, avatar_url: "https://github.com/images/error/octocat_happy.gif", name: null, email: null },
      }),
      "GET https://api.github.com/user/emails": () => ({
        json: [{ email: "octocat@github.com", verified: true, primary: true, visibility: "private" }],
      }),
    })
    router = idpRouter({ "https://github.com": github.origin, "https://api.github.com": github.origin })
  })
  afterAll(() => github.stop())

  it("reads the private email through the provider's customFetch, with GitHub's iss on the callback", async () => {
    const config = testConfig(
      { providers: [GitHub({ [customFetch]: router.fetch })] },
      { AUTH_GITHUB_ID: client.id, AUTH_GITHUB_SECRET: client.secret },
    )
    const outcome = await signInThrough(config, "github", withCode(client.code, { iss: "https://github.com/login/oauth" }))
    expect(outcome.session?.user).toEqual({
      name: "octocat",
      email: "octocat@github.com",
      image: "https://github.com/images/error/octocat_happy.gif",
    })
    expect(router.calls()).toEqual([
      "POST https://github.com/login/oauth/access_token",
      "GET https://api.github.com/user",
      "GET https://api.github.com/user/emails",
    ])
    expect(router.requests[2]?.headers.get("user-agent")).toBe("authjs")
  })
})
