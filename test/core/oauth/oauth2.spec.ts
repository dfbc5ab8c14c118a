import { inspect } from "node:util"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import type { InternalOAuthProvider } from "../../../lib/core/config/types.js"
import { CallbackRouteError } from "../../../lib/core/vocabulary/errors.js"
import { authorizationRedirect } from "../../../lib/core/oauth/authorization-url.js"
import { oauthCallback } from "../../../lib/core/oauth/callback.js"
import { startApiStandIn, type ApiAnswer, type ApiStandIn } from "../../utils/api-stand-in.js"
import { jarOf, oauthContext, resolveOAuth } from "./oauth-context.js"

/** A plain OAuth 2 server: whatever `tokenAnswer` says, and a JSON user API. */
let api: ApiStandIn
let tokenAnswer: ApiAnswer
let userAnswer: ApiAnswer

beforeAll(async () => {
  api = await startApiStandIn({
    "POST /token": () => tokenAnswer,
    "GET /user": () => userAnswer,
  })
})
afterAll(() => api.stop())
beforeEach(() => {
  api.requests.length = 0
  tokenAnswer = { json: { access_token: "at-123", token_type: "Bearer", scope: "read" } }
  userAnswer = { json: { id: 42, name: "Ada", email: "Ada@Example.com" } }
})

function plain(extra: Record<string, unknown> = {}): InternalOAuthProvider {
  return resolveOAuth({
    id: "plain",
    name: "Plain",
    type: "oauth",
    authorization: `${api.origin}/authorize`,
    token: `${api.origin}/token`,
    userinfo: `${api.origin}/user`,
    clientId: "plain-id",
    clientSecret: "plain secret",
    checks: ["pkce", "state"],
    ...extra,
  })
}

/** Sign-in, then the callback the IdP would send (a code, our state, and `extra` params). */
async function callback(provider: InternalOAuthProvider, extra: Record<string, string> = {}) {
  const { url, cookies } = await authorizationRedirect(oauthContext(provider, { method: "POST" }), provider)
  const state = new URL(url).searchParams.get("state") ?? ""
  const ctx = oauthContext(provider, { query: { code: "code-1", state, ...extra }, cookies: jarOf(cookies) })
  return oauthCallback(ctx, provider)
}

describe("oauthCallback with a plain OAuth 2 server", () => {
  it("exchanges the code and reads the user API with the Bearer token", async () => {
    const result = await callback(plain())
    expect(result.user).toEqual({ id: "42", name: "Ada", email: "ada@example.com" })
    expect(result.account).toMatchObject({
      provider: "plain",
      type: "oauth",
      providerAccountId: "42",
      access_token: "at-123",
      token_type: "bearer",
    })
    const [token, user] = api.requests
    // Auth.js's form-encoding in Basic credentials: a space becomes "+".
    expect(token?.headers.authorization).toBe(`Basic ${Buffer.from("plain-id:plain+secret").toString("base64")}`)
    expect(user?.headers.authorization).toBe("Bearer at-123")
  })

  it("ignores an RFC 9207 iss parameter when no issuer is configured (quirk 12)", async () => {
    const result = await callback(plain(), { iss: "https://login.example.com" })
    expect(result.user.id).toBe("42")
  })

  it("rejects an iss parameter that differs from the configured issuer", async () => {
    const provider = plain({ issuer: `${api.origin}/login/oauth` })
    await expect(callback(provider, { iss: "https://evil.example" })).rejects.toBeInstanceOf(CallbackRouteError)
    const ok = await callback(provider, { iss: `${api.origin}/login/oauth` })
    expect(ok.user.id).toBe("42")
  })

  it("uses userinfo.request instead of the userinfo URL when the provider has one", async () => {
    const provider = plain({
      userinfo: {
        url: `${api.origin}/user`,
        request: ({ tokens }: { tokens: { access_token: string } }) => ({ sub: `custom-${tokens.access_token}` }),
      },
    })
    const result = await callback(provider)
    expect(result.account.providerAccountId).toBe("custom-at-123")
    expect(api.requests.map((r) => r.url.pathname)).toEqual(["/token"])
  })

  it("lets token.conform rewrite a non-standard token answer", async () => {
    tokenAnswer = { json: { data: { token: "at-nested" } } }
    const provider = plain({
      token: {
        url: `${api.origin}/token`,
        conform: async (response: Response) => {
          const body = (await response.json()) as { data: { token: string } }
          return Response.json({ access_token: body.data.token, token_type: "bearer" })
        },
      },
    })
    const result = await callback(provider)
    expect(result.tokens.access_token).toBe("at-nested")
  })

  it("fails on a token endpoint error, naming the OAuth error code", async () => {
    tokenAnswer = { status: 400, json: { error: "invalid_grant", error_description: "code expired" } }
    const failure = callback(plain())
    await expect(failure).rejects.toBeInstanceOf(CallbackRouteError)
    await expect(failure).rejects.toMatchObject({ cause: { message: expect.stringContaining("invalid_grant") } })
  })

  it("fails when the user API answers an error", async () => {
    userAnswer = { status: 401, json: { message: "Bad credentials" } }
    await expect(callback(plain())).rejects.toBeInstanceOf(CallbackRouteError)
  })

  it("keeps token values out of the error it throws", async () => {
    // oauth4webapi puts the whole token answer into its error's cause for an unknown token_type.
    tokenAnswer = { json: { access_token: "SECRET-ACCESS-TOKEN", token_type: "mac" } }
    const error = await callback(plain()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CallbackRouteError)
    expect(inspect(error, { depth: 10 })).not.toContain("SECRET-ACCESS-TOKEN")
  })

  it("adds expires_at when the token answer has expires_in", async () => {
    tokenAnswer = { json: { access_token: "at", token_type: "bearer", expires_in: 60 } }
    const before = Math.floor(Date.now() / 1000)
    const result = await callback(plain())
    expect(result.tokens.expires_at).toBeGreaterThanOrEqual(before + 60)
    expect(result.tokens.expires_at).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 60)
  })
})
