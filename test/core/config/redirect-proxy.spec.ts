import { describe, expect, it } from "vitest"
import { resolveConfig } from "../../../lib/core/config/resolve.js"
import type { AuthConfig, InternalOAuthProvider } from "../../../lib/core/config/types.js"
import type { Provider } from "../../../lib/providers/types.js"

const corp = { id: "corp", name: "Corp", type: "oidc", issuer: "https://idp.example", clientId: "a", clientSecret: "b" }

function boot(config: Partial<AuthConfig>, env: Record<string, string> = {}, provider: Record<string, unknown> = corp) {
  const providers = [provider as unknown as Provider]
  return resolveConfig({ secret: "s".repeat(32), trustHost: true, providers, ...config }, env)
}
const first = (config: ReturnType<typeof boot>) => config.providers[0] as InternalOAuthProvider

describe("redirectProxyUrl at boot (§7.1, §7.11)", () => {
  it("gives each OAuth provider the proxy's callback URL and forces the state check", () => {
    const provider = first(boot({ redirectProxyUrl: "https://stable.example/auth" }))
    expect(provider.redirectProxyUrl).toBe("https://stable.example/auth/callback/corp")
    expect(provider.checks).toEqual(["pkce", "state"])
  })

  it("reads AUTH_REDIRECT_PROXY_URL when the config has none; the config wins", () => {
    const env = { AUTH_REDIRECT_PROXY_URL: "https://env.example/api/auth" }
    expect(first(boot({}, env)).redirectProxyUrl).toBe("https://env.example/api/auth/callback/corp")
    expect(first(boot({ redirectProxyUrl: "https://cfg.example/auth" }, env)).redirectProxyUrl).toBe(
      "https://cfg.example/auth/callback/corp",
    )
    expect(first(boot({}, { AUTH_REDIRECT_PROXY_URL: "" })).redirectProxyUrl).toBeUndefined()
  })

  it("lets a provider's own redirectProxyUrl win over the config's", () => {
    const provider = first(boot({ redirectProxyUrl: "https://a.example/auth" }, {}, { ...corp, redirectProxyUrl: "https://b.example/auth" }))
    expect(provider.redirectProxyUrl).toBe("https://b.example/auth/callback/corp")
  })

  it("drops a trailing slash (Auth.js would build //callback)", () => {
    expect(first(boot({ redirectProxyUrl: "http://127.0.0.1:3000/auth/" })).redirectProxyUrl).toBe(
      "http://127.0.0.1:3000/auth/callback/corp",
    )
  })

  it("leaves providers without a proxy, and form_post providers, untouched", () => {
    expect(first(boot({})).redirectProxyUrl).toBeUndefined()
    expect(first(boot({})).checks).toEqual(["pkce"])
    const formPost = { ...corp, authorization: { params: { response_mode: "form_post" } } }
    const provider = first(boot({ redirectProxyUrl: "https://stable.example/auth" }, {}, formPost))
    expect(provider.redirectProxyUrl).toBeUndefined()
    expect(provider.checks).toEqual(["pkce"])
  })

  const refused: Array<[string, Partial<AuthConfig>, Record<string, unknown>, string]> = [
    ["a relative URL", { redirectProxyUrl: "/auth" }, corp, "redirectProxyUrl must be the absolute URL"],
    ["a javascript: URL", { redirectProxyUrl: "javascript:alert(1)" }, corp, "redirectProxyUrl must be the absolute URL"],
    ["a URL with a query", { redirectProxyUrl: "https://s.example/auth?x=1" }, corp, "(no credentials, query or fragment)"],
    ["a URL with credentials", { redirectProxyUrl: "https://u:p@s.example/auth" }, corp, "(no credentials, query or fragment)"],
    ["a provider's bad URL", {}, { ...corp, redirectProxyUrl: "nope" }, "providers[0].redirectProxyUrl must be the absolute URL"],
  ]
  it.each(refused)("fails boot for %s", (_name, config, provider, message) => {
    expect(() => boot(config, {}, provider)).toThrow(message)
  })
})
