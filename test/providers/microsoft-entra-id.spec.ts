import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest"
import { resolveProviders } from "../../lib/core/config/providers.js"
import type { InternalOAuthProvider } from "../../lib/core/config/types.js"
import { customFetch } from "../../lib/core/vocabulary/custom-fetch.js"
import MicrosoftEntraID from "../../lib/providers/microsoft-entra-id.js"
import { startApiStandIn, type ApiAnswer, type ApiStandIn } from "../utils/api-stand-in.js"
import { type IdpRouter, idpRouter, type OidcStandIn, startOidcStandIn } from "../utils/oidc/index.js"
import { recordJwtCallback } from "../utils/record-callbacks.js"
import { signInThrough, viaIdp } from "../utils/sign-in-flow.js"
import { testConfig } from "../utils/test-config.js"

const LOGIN = "https://login.microsoftonline.com"
const TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad"
const env = { AUTH_MICROSOFT_ENTRA_ID_ID: "entra-client", AUTH_MICROSOFT_ENTRA_ID_SECRET: "entra-secret" }
const callback = "http://localhost:3000/auth/callback/microsoft-entra-id"
/** A tiny JPEG's first bytes: enough for a photo answer. */
const PHOTO = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46])

describe("MicrosoftEntraID", () => {
  afterEach(() => vi.unstubAllEnvs())

  it("defaults to the multi-tenant common issuer, with Graph's User.Read scope", () => {
    const [entra] = resolveProviders([MicrosoftEntraID], env) as InternalOAuthProvider[]
    expect(entra).toMatchObject({ id: "microsoft-entra-id", type: "oidc", issuer: `${LOGIN}/common/v2.0` })
    expect(entra?.authorization?.url?.searchParams.get("scope")).toBe("openid profile email User.Read")
    expect(entra?.checks).toEqual(["pkce"])
  })

  it("takes the issuer from tenantId, from issuer, or from AUTH_MICROSOFT_ENTRA_ID_ISSUER", () => {
    expect(MicrosoftEntraID({ tenantId: "contoso.onmicrosoft.com" }).issuer).toBe(
      `${LOGIN}/contoso.onmicrosoft.com/v2.0`,
    )
    expect(MicrosoftEntraID({ issuer: `${LOGIN}/organizations/v2.0`, tenantId: "x" }).issuer).toBe(
      `${LOGIN}/organizations/v2.0`,
    )
    const issuer = `${LOGIN}/${TENANT}/v2.0`
    // Un-called, the engine passes the variable in; called, the factory reads it (as Auth.js's does).
    const [uncalled] = resolveProviders([MicrosoftEntraID], { ...env, AUTH_MICROSOFT_ENTRA_ID_ISSUER: issuer })
    expect(uncalled).toMatchObject({ issuer })
    vi.stubEnv("AUTH_MICROSOFT_ENTRA_ID_ISSUER", issuer)
    expect(MicrosoftEntraID({ clientId: "c" }).issuer).toBe(issuer)
  })

  describe("sign-in against a stand-in for login.microsoftonline.com and graph.microsoft.com", () => {
    let login: OidcStandIn
    let graph: ApiStandIn
    let router: IdpRouter
    let photo: ApiAnswer

    beforeAll(async () => {
      login = await startOidcStandIn({
        // One tenant's issuer, also serving the multi-tenant /common endpoints.
        issuer: `${LOGIN}/${TENANT}/v2.0`,
        alsoMountedAt: ["/common/v2.0"],
        clients: [{ client_id: "entra-client", client_secret: "entra-secret", redirect_uris: [callback] }],
        account: {
          sub: "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ",
          oid: "00000000-0000-0000-66f3-3332eca7ea81",
          tid: TENANT,
          name: "Megan Bowen",
          preferred_username: "meganb@contoso.onmicrosoft.com",
          email: "MeganB@contoso.com",
        },
        claims: { openid: ["sub", "oid", "tid"], profile: ["name", "preferred_username"], email: ["email"] },
        routes: { authorization: "/oauth2/v2.0/authorize", token: "/oauth2/v2.0/token", jwks: "/discovery/v2.0/keys" },
        issParameter: false,
        // Microsoft's multi-tenant discovery names a template, not an issuer.
        reshape: (path, body) =>
          path === "/common/v2.0/.well-known/openid-configuration"
            ? { ...body, issuer: `${LOGIN}/{tenantid}/v2.0` }
            : body,
      })
      graph = await startApiStandIn({
        "GET https://graph.microsoft.com/v1.0/me/photos/48x48/$value": () => photo,
      })
      router = idpRouter({ [LOGIN]: login.origin, "https://graph.microsoft.com": graph.origin })
    })
    afterAll(async () => {
      await login.stop()
      await graph.stop()
    })

    function config(options: Parameters<typeof MicrosoftEntraID>[0] = {}) {
      const jwt = recordJwtCallback()
      const entra = MicrosoftEntraID({ ...options, [customFetch]: router.fetch })
      return { jwt, config: testConfig({ providers: [entra], callbacks: { jwt: jwt.callback } }, env) }
    }

    it("validates a /common sign-in against the user's own tenant, and adds the Graph photo", async () => {
      photo = { body: PHOTO, contentType: "image/jpeg" }
      const { config: cfg, jwt } = config()
      const outcome = await signInThrough(cfg, "microsoft-entra-id", viaIdp(router))
      expect(outcome.authorizationUrl.href.startsWith(`${LOGIN}/common/v2.0/oauth2/v2.0/authorize?`)).toBe(true)
      expect(outcome.session?.user).toEqual({
        name: "Megan Bowen",
        email: "meganb@contoso.com",
        image: `data:image/jpeg;base64,${PHOTO.toString("base64")}`,
      })
      expect(jwt.calls[0]?.profile).toMatchObject({ iss: `${LOGIN}/${TENANT}/v2.0`, tid: TENANT })
      const calls = router.calls()
      expect(calls).toContain(`GET ${LOGIN}/common/v2.0/.well-known/openid-configuration`)
      expect(calls).toContain(`POST ${LOGIN}/common/v2.0/oauth2/v2.0/token`)
      // The tenant's metadata and keys validated the ID token.
      expect(calls).toContain(`GET ${LOGIN}/${TENANT}/v2.0/.well-known/openid-configuration`)
      expect(calls).toContain(`GET ${LOGIN}/${TENANT}/v2.0/discovery/v2.0/keys`)
      const photoRequest = graph.requests.at(-1)
      expect(photoRequest?.headers.authorization).toMatch(/^Bearer .+/)
    })

    it("signs in through a single tenant's issuer, and without a photo when Graph has none", async () => {
      photo = { status: 404, json: { error: { code: "ImageNotFound" } } }
      const { config: cfg } = config({ tenantId: TENANT })
      const outcome = await signInThrough(cfg, "microsoft-entra-id", viaIdp(router))
      expect(outcome.authorizationUrl.href.startsWith(`${LOGIN}/${TENANT}/v2.0/oauth2/v2.0/authorize?`)).toBe(true)
      expect(outcome.session?.user).toEqual({ name: "Megan Bowen", email: "meganb@contoso.com", image: null })
    })

    it("skips the photo with profilePhotoSize: 0", async () => {
      const before = graph.requests.length
      const { config: cfg } = config({ profilePhotoSize: 0 })
      const outcome = await signInThrough(cfg, "microsoft-entra-id", viaIdp(router))
      expect(outcome.session?.user?.image).toBeNull()
      expect(graph.requests.length).toBe(before)
    })
  })
})
