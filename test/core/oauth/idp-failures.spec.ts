// An IdP that is down, slow, or answers HTML, wrong JSON, an `error` parameter, a bad signature or
// the wrong iss/aud/nonce: every sign-in ends on Auth.js's error or sign-in page with the right
// code, within the configured timeout, and never with a 5xx. The IdP is a hand-made OpenID
// Provider (discovery, JWKS, token endpoint) whose ID tokens each test shapes with jose.
import { createServer } from "node:net"
import { importJWK, SignJWT, type JWK } from "jose"
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest"
import type { ResolvedConfig } from "../../../lib/core/config/types.js"
import { clearDiscoveryCache } from "../../../lib/core/oauth/client.js"
import { customFetch } from "../../../lib/core/vocabulary/custom-fetch.js"
import type { OAuthConfig } from "../../../lib/providers/types.js"
import { startApiStandIn, type ApiAnswer, type ApiRequest, type ApiStandIn } from "../../utils/api-stand-in.js"
import { type IdpRouter, idpRouter } from "../../utils/oidc/index.js"
import { signInThrough, withCode, type SignInOutcome } from "../../utils/sign-in-flow.js"
import { testConfig } from "../../utils/test-config.js"
import { rsaKeyPairJwk } from "../../utils/rsa-jwk.js"

const ISSUER = "https://idp.example"
const CLIENT = "rp-client"

interface SigningKey {
  kid: string
  privateKey: Awaited<ReturnType<typeof importJWK>>
  jwk: JWK
}
async function signingKey(kid: string): Promise<SigningKey> {
  const { privateJwk, publicJwk } = rsaKeyPairJwk()
  const privateKey = await importJWK(privateJwk as JWK, "RS256")
  return { kid, privateKey, jwk: { ...(publicJwk as JWK), kid, alg: "RS256", use: "sig" } }
}

let idp: ApiStandIn
let router: IdpRouter
/** Keys made once (RSA generation is slow): the IdP's, its next one, and an impostor's with the same kid. */
let keys: { current: SigningKey; next: SigningKey; impostor: SigningKey }
let published: SigningKey[]
let signer: SigningKey
let nonce: string | null
let discovery: () => ApiAnswer
let token: (request: ApiRequest) => ApiAnswer | Promise<ApiAnswer>
let userinfo: () => ApiAnswer

/** An ID token for the current sign-in, signed by `signer`; `claims` override the valid defaults. */
async function idToken(claims: Record<string, unknown> = {}, key: SigningKey = signer): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT({ iss: ISSUER, aud: CLIENT, sub: "user-7", iat: now, exp: now + 300, nonce, email: "u7@idp.example", ...claims })
    .setProtectedHeader({ alg: "RS256", kid: key.kid })
    .sign(key.privateKey)
}
const tokenAnswer = async (claims?: Record<string, unknown>, key?: SigningKey): Promise<ApiAnswer> => ({
  json: { access_token: "at", token_type: "Bearer", expires_in: 300, id_token: await idToken(claims, key) },
})

beforeAll(async () => {
  keys = { current: await signingKey("k1"), next: await signingKey("k2"), impostor: await signingKey("k1") }
  idp = await startApiStandIn({
    "GET https://idp.example/.well-known/openid-configuration": () => discovery(),
    "GET https://idp.example/jwks": () => ({ json: { keys: published.map((k) => k.jwk) } }),
    "POST https://idp.example/token": (request) => token(request),
    "GET https://idp.example/userinfo": () => userinfo(),
  })
  router = idpRouter({ [ISSUER]: idp.origin })
})
afterAll(() => idp.stop())
beforeEach(() => {
  clearDiscoveryCache()
  router.requests.length = 0
  signer = keys.current
  published = [signer]
  nonce = null
  discovery = () => ({
    json: {
      issuer: ISSUER,
      authorization_endpoint: `${ISSUER}/authorize`,
      token_endpoint: `${ISSUER}/token`,
      userinfo_endpoint: `${ISSUER}/userinfo`,
      jwks_uri: `${ISSUER}/jwks`,
    },
  })
  userinfo = () => ({ json: { sub: "user-7" } })
})
afterEach(() => vi.useRealTimers())

function oidc(extra: Partial<OAuthConfig> = {}): ResolvedConfig {
  const provider = {
    id: "corp",
    name: "Corp",
    type: "oidc" as const,
    issuer: ISSUER,
    clientId: CLIENT,
    clientSecret: "rp-secret",
    checks: ["pkce" as const, "state" as const, "nonce" as const],
    [customFetch]: router.fetch,
    ...extra,
  }
  return testConfig({ providers: [provider] })
}

/** A sign-in whose IdP redirects back with `params` (default: a code and our state). */
function signIn(config: ResolvedConfig, params: Record<string, string> = {}): Promise<SignInOutcome> {
  return signInThrough(config, "corp", async (url) => {
    nonce = url.searchParams.get("nonce")
    return withCode("code-1", params)(url)
  })
}

/** Where the engine sent the browser: the page path and its `error` code. Never a 5xx. */
function landing(outcome: SignInOutcome): { page: string; error: string | null } {
  const response = outcome.callback
  expect(response.status).toBe(302)
  const location = new URL(response.headers.location ?? "")
  return { page: location.pathname, error: location.searchParams.get("error") }
}

const configurationError = { page: "/auth/error", error: "Configuration" }

describe("a sign-in against a misbehaving IdP", () => {
  it("succeeds when the IdP behaves (the baseline of every case below)", async () => {
    token = async () => tokenAnswer()
    const outcome = await signIn(oidc())
    expect(outcome.callback.headers.location).toBe("http://localhost:3000/home")
    expect(outcome.session?.user?.email).toBe("u7@idp.example")
  })

  it("sends error=<code> from the IdP to the sign-in page as OAuthCallbackError", async () => {
    token = async () => tokenAnswer()
    const outcome = await signIn(oidc(), { error: "access_denied", error_description: "denied", code: "" })
    expect(landing(outcome)).toEqual({ page: "/auth/signin", error: "OAuthCallbackError" })
  })

  it.each([
    ["an HTML page with 200", { body: "<html><body>Sign in</body></html>", contentType: "text/html" }],
    ["a 502 HTML page", { status: 502, body: "<html>Bad Gateway</html>", contentType: "text/html" }],
    ["JSON without access_token", { json: { token_type: "Bearer" } }],
    ["a JSON array", { json: [{ access_token: "at" }] }],
    ["broken JSON", { body: '{"access_token": "at", ', contentType: "application/json" }],
    ["an OAuth error", { status: 400, json: { error: "invalid_grant", error_description: "Code expired" } }],
  ] satisfies Array<[string, ApiAnswer]>)("answers Configuration when the token endpoint answers %s", async (_, answer) => {
    token = () => answer
    expect(landing(await signIn(oidc()))).toEqual(configurationError)
  })

  it.each([
    ["a bad signature", async () => {
      const [header, payload] = (await idToken()).split(".")
      return { json: { access_token: "at", token_type: "Bearer", id_token: `${header}.${payload}.${"A".repeat(342)}` } }
    }],
    ["a key the IdP does not publish", () => tokenAnswer({}, keys.impostor)],
    ["the wrong iss", () => tokenAnswer({ iss: "https://evil.example" })],
    ["the wrong aud", () => tokenAnswer({ aud: "someone-else" })],
    ["the wrong nonce", () => tokenAnswer({ nonce: "not-the-cookie-nonce" })],
    ["no nonce", () => tokenAnswer({ nonce: undefined })],
    ["an expired ID token", () => tokenAnswer({ exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200 })],
    ["no ID token at all", async () => ({ json: { access_token: "at", token_type: "Bearer" } })],
  ] satisfies Array<[string, () => Promise<ApiAnswer>]>)("answers Configuration for an ID token with %s", async (_, answer) => {
    token = answer
    expect(landing(await signIn(oidc()))).toEqual(configurationError)
  })

  it("answers Configuration when discovery names another issuer", async () => {
    discovery = () => ({ json: { issuer: "https://other.example", authorization_endpoint: `${ISSUER}/authorize` } })
    const outcome = await signIn(oidc())
    expect(outcome.callback.status).toBe(302)
    expect(landing(outcome)).toEqual(configurationError)
  })

  it("answers Configuration when discovery answers HTML", async () => {
    discovery = () => ({ body: "<!doctype html><title>Maintenance</title>", contentType: "text/html" })
    expect(landing(await signIn(oidc()))).toEqual(configurationError)
  })

  it("answers Configuration when the IdP is down (connection refused)", async () => {
    const closed = await closedPort()
    const down = idpRouter({ [ISSUER]: `http://127.0.0.1:${closed}` })
    expect(landing(await signIn(oidc({ [customFetch]: down.fetch })))).toEqual(configurationError)
  })

  it("gives up on a hung token endpoint after httpOptions.timeout", async () => {
    token = () => ({ hang: true })
    const abandoned = idp.abandoned
    const outcome = await signIn(oidc({ httpOptions: { timeout: 300 } }))
    expect(landing(outcome)).toEqual(configurationError)
    await vi.waitFor(() => expect(idp.abandoned).toBe(abandoned + 1))
  })

  it("gives up on hung discovery after the config-wide httpOptions.timeout", async () => {
    discovery = () => ({ hang: true })
    const abandoned = idp.abandoned
    const provider = { id: "corp", name: "Corp", type: "oidc" as const, issuer: ISSUER, clientId: CLIENT, clientSecret: "s", [customFetch]: router.fetch }
    const config = testConfig({ providers: [provider], httpOptions: { timeout: 300 } })
    expect(config.providersById.get("corp")).toMatchObject({ httpOptions: { timeout: 300 } })
    expect(landing(await signIn(config))).toEqual(configurationError)
    await vi.waitFor(() => expect(idp.abandoned).toBe(abandoned + 1))
  })

  it("answers Configuration when a plain OAuth user API answers HTML", async () => {
    token = () => ({ json: { access_token: "at", token_type: "Bearer" } })
    userinfo = () => ({ status: 503, body: "<html>Service Unavailable</html>", contentType: "text/html" })
    const config = oidc({
      type: "oauth",
      issuer: undefined,
      authorization: `${ISSUER}/authorize`,
      token: `${ISSUER}/token`,
      userinfo: `${ISSUER}/userinfo`,
      checks: ["pkce", "state"],
    })
    expect(landing(await signIn(config))).toEqual(configurationError)
  })
})

describe("the IdP's signing keys", () => {
  it("are fetched once and reused across sign-ins", async () => {
    token = async () => tokenAnswer()
    const config = oidc()
    await signIn(config)
    await signIn(config)
    expect(router.calls().filter((c) => c === `GET ${ISSUER}/jwks`)).toHaveLength(1)
  })

  it("are fetched again for an unknown kid (once the cached set is a minute old)", async () => {
    vi.useFakeTimers({ toFake: ["Date"] })
    token = async () => tokenAnswer()
    const config = oidc()
    expect((await signIn(config)).session).not.toBeNull()

    // The IdP rotates: a new key signs, and is published.
    signer = keys.next
    published = [keys.current, keys.next]
    // Within a minute of the last download oauth4webapi refuses to hammer the JWKS endpoint ...
    vi.setSystemTime(Date.now() + 10_000)
    expect(landing(await signIn(config))).toEqual(configurationError)
    // ... after it, the unknown kid triggers a fresh download and the sign-in succeeds.
    vi.setSystemTime(Date.now() + 61_000)
    const outcome = await signIn(config)
    expect(outcome.callback.headers.location).toBe("http://localhost:3000/home")
    expect(router.calls().filter((c) => c === `GET ${ISSUER}/jwks`).length).toBeGreaterThanOrEqual(2)
  })
})

/** A port nothing listens on: bound, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number }
      server.close((error) => (error ? reject(error) : resolve(port)))
    })
  })
}
