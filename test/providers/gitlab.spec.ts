import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { resolveProviders } from "../../lib/core/config/providers.js"
import type { InternalOAuthProvider } from "../../lib/core/config/types.js"
import { customFetch } from "../../lib/core/vocabulary/custom-fetch.js"
import GitLab from "../../lib/providers/gitlab.js"
import { startApiStandIn, tokenEndpoint, type ApiStandIn } from "../utils/api-stand-in.js"
import { idpRouter } from "../utils/oidc/index.js"
import { recordJwtCallback } from "../utils/record-callbacks.js"
import { signInThrough, withCode } from "../utils/sign-in-flow.js"
import { testConfig } from "../utils/test-config.js"

const env = { AUTH_GITLAB_ID: "gl-app-id", AUTH_GITLAB_SECRET: "gloas-secret" }
const client = { id: env.AUTH_GITLAB_ID, secret: env.AUTH_GITLAB_SECRET, auth: "basic" as const, code: "gl-code" }
/** GitLab's `GET /api/v4/user` (trimmed). */
const user = {
  id: 1,
  username: "john_smith",
  name: "John Smith",
  email: "John@Example.com",
  avatar_url: "https://gitlab.example.com/uploads/user/avatar/1/cd8.jpeg",
  state: "active",
  web_url: "https://gitlab.example.com/john_smith",
}
const tokens = {
  access_token: "de6780bc506a0446309bd9362820ba8aed28aa506c71eedbe1c5c4f9dd350e54",
  token_type: "Bearer",
  expires_in: 7200,
  refresh_token: "8257e65c97202ed1726cf9571600918f3bffb2544b26e00a61df9897668c33a1",
  created_at: 1607635748,
  scope: "read_user",
}

describe("GitLab", () => {
  it("points at gitlab.com by default and at a self-managed instance with baseUrl", () => {
    const [cloud] = resolveProviders([GitLab], env) as InternalOAuthProvider[]
    expect(cloud?.authorization?.url?.href).toBe("https://gitlab.com/oauth/authorize?scope=read_user")
    expect(cloud?.token?.url?.href).toBe("https://gitlab.com/oauth/token")
    expect(cloud?.userinfo?.url?.href).toBe("https://gitlab.com/api/v4/user")
    const [own] = resolveProviders([GitLab({ baseUrl: "https://git.example.com/gitlab/" })], env) as InternalOAuthProvider[]
    expect(own?.token?.url?.href).toBe("https://git.example.com/gitlab/oauth/token")
    expect(own?.userinfo?.url?.href).toBe("https://git.example.com/gitlab/api/v4/user")
  })

  describe("sign-in against a stand-in for a self-managed GitLab", () => {
    let gitlab: ApiStandIn
    beforeAll(async () => {
      gitlab = await startApiStandIn({
        "POST https://gitlab.example.com/oauth/token": tokenEndpoint(client, () => ({ json: tokens })),
        "GET https://gitlab.example.com/api/v4/user": () => ({ json: user }),
      })
    })
    afterAll(() => gitlab.stop())

    it("exchanges the code and maps /api/v4/user", async () => {
      const router = idpRouter({ "https://gitlab.example.com": gitlab.origin })
      const jwt = recordJwtCallback()
      const provider = GitLab({ baseUrl: "https://gitlab.example.com", [customFetch]: router.fetch })
      const config = testConfig({ providers: [provider], callbacks: { jwt: jwt.callback } }, env)
      const outcome = await signInThrough(config, "gitlab", withCode(client.code))
      expect(outcome.authorizationUrl.href.startsWith("https://gitlab.example.com/oauth/authorize?scope=read_user&")).toBe(true)
      expect(outcome.session?.user).toEqual({ name: "John Smith", email: "john@example.com", image: user.avatar_url })
      expect(jwt.calls[0]?.account).toMatchObject({ providerAccountId: "1", scope: "read_user", token_type: "bearer" })
      expect(router.calls()).toEqual([
        "POST https://gitlab.example.com/oauth/token",
        "GET https://gitlab.example.com/api/v4/user",
      ])
    })
  })
})
