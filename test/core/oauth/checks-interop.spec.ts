import { createHash } from "node:crypto"
import { decode as authjsDecode } from "@auth/core/jwt"
import { afterEach, describe, expect, it, vi } from "vitest"
import { authorizationRedirect } from "../../../lib/core/oauth/authorization-url.js"
import * as checks from "../../../lib/core/oauth/checks.js"
import { resolveProviders } from "../../../lib/core/config/providers.js"
import type { InternalOAuthProvider, ResolvedConfig } from "../../../lib/core/config/types.js"
import GitHub from "../../../lib/providers/github.js"
import { INTEROP_SECRET, vectors } from "../../utils/authjs-vectors.js"
import { oauthContext } from "./oauth-context.js"

/** The custom OIDC provider @auth/core signed in with when the vectors were made (§15 step 6). */
const [exampleOidc, github] = resolveProviders(
  [
    {
      id: "example-oidc",
      name: "Example",
      type: "oidc",
      issuer: "https://idp.example.com",
      authorization: "https://idp.example.com/authorize",
      token: "https://idp.example.com/token",
      userinfo: "https://idp.example.com/userinfo",
      clientId: "oidc-client-id",
      clientSecret: "oidc-client-secret",
      checks: ["pkce", "state", "nonce"],
    },
    GitHub({ clientId: "gh-client-id", clientSecret: "gh-client-secret" }),
  ],
  {},
) as InternalOAuthProvider[]

function vectorFor(provider: string) {
  const entry = vectors.check_cookies.find((v) => v.provider === provider) as
    | (typeof vectors.check_cookies)[number] & { authorization_url: string; authorization_params: Record<string, string> }
    | undefined
  if (!entry) throw new Error(`no check-cookie vector for ${provider}`)
  return entry
}

/** A context whose secret is the vectors' and whose cookies are the ones @auth/core set. */
function interopContext(provider: InternalOAuthProvider, cookies: Record<string, string> = {}) {
  const ctx = oauthContext(provider, { cookies, method: "POST" })
  return { ...ctx, config: { ...ctx.config, secrets: [INTEROP_SECRET] } as ResolvedConfig }
}

afterEach(() => {
  vi.useRealTimers()
})

describe("check cookies and Auth.js", () => {
  it("reads the state, pkce and nonce cookies @auth/core set", async () => {
    // The cookies live 15 minutes from the vectors' generation time.
    vi.useFakeTimers({ toFake: ["Date"], now: (vectors.about.generated_at_epoch_seconds + 60) * 1000 })
    const vector = vectorFor("example-oidc")
    const jar = Object.fromEntries(vector.cookies.filter((c) => c.value).map((c) => [c.name, c.value as string]))
    const ctx = interopContext(exampleOidc as InternalOAuthProvider, jar)
    const provider = exampleOidc as InternalOAuthProvider

    const state = await checks.state.use(ctx, provider)
    const pkce = await checks.pkce.use(ctx, provider)
    const nonce = await checks.nonce.use(ctx, provider)
    expect(state.value).toBe(vector.authorization_params.state)
    expect(createHash("sha256").update(pkce.value).digest("base64url")).toBe(vector.authorization_params.code_challenge)
    expect(nonce.value).toBe(vector.authorization_params.nonce)
    // Each use deletes its cookie: same name, empty, Max-Age=0.
    expect([state, pkce, nonce].map((r) => [r.cookie.name, r.cookie.value, r.cookie.options.maxAge])).toEqual([
      ["authjs.state", "", 0],
      ["authjs.pkce.code_verifier", "", 0],
      ["authjs.nonce", "", 0],
    ])
  })

  it("refuses @auth/core's cookies once their 15 minutes are over", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: (vectors.about.generated_at_epoch_seconds + 900 + 60) * 1000 })
    const vector = vectorFor("example-oidc")
    const jar = Object.fromEntries(vector.cookies.filter((c) => c.value).map((c) => [c.name, c.value as string]))
    const provider = exampleOidc as InternalOAuthProvider
    await expect(checks.state.use(interopContext(provider, jar), provider)).rejects.toMatchObject({
      name: "InvalidCheck",
    })
  })

  it("mints cookies @auth/core can read: claims {value, provider}, salt = cookie name", async () => {
    const provider = exampleOidc as InternalOAuthProvider
    const { url, cookies } = await authorizationRedirect(interopContext(provider), provider)
    const params = new URL(url).searchParams
    const decoded = await Promise.all(
      cookies.map((c) => authjsDecode({ token: c.value, secret: INTEROP_SECRET, salt: c.name })),
    )
    expect(decoded.map((d) => d?.provider)).toEqual(["example-oidc", "example-oidc", "example-oidc"])
    expect(decoded[0]?.value).toBe(params.get("state"))
    expect(decoded[2]?.value).toBe(params.get("nonce"))
    const inner = await authjsDecode({ token: params.get("state") ?? "", secret: INTEROP_SECRET, salt: "encodedState" })
    expect(typeof inner?.random).toBe("string")
  })

  it.each(["github", "example-oidc"])("builds the same authorization URL as @auth/core for %s", async (id) => {
    const vector = vectorFor(id)
    const provider = (id === "github" ? github : exampleOidc) as InternalOAuthProvider
    const { url } = await authorizationRedirect(interopContext(provider), provider)
    const ours = new URL(url)
    const theirs = new URL(vector.authorization_url)
    expect(`${ours.origin}${ours.pathname}`).toBe(`${theirs.origin}${theirs.pathname}`)
    expect([...ours.searchParams.keys()]).toEqual([...theirs.searchParams.keys()])
    // Random values differ; everything else is the same.
    for (const key of ["state", "code_challenge", "nonce"]) {
      ours.searchParams.delete(key)
      theirs.searchParams.delete(key)
    }
    expect(ours.href).toBe(theirs.href)
  })
})
