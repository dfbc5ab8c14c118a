// A hostile IdP and a tampering attacker, through Nest over HTTP on 127.0.0.1. Two IdPs: a real
// OpenID Provider (oidc-provider, provider "corp") for attacks on the callback a browser is made to
// open, and a small custom one (hostile-idp.ts, provider "hostile") for an IdP that itself signs,
// claims or answers wrongly. Every case must end on Auth.js's error or sign-in page with the right
// code, with no session, no 5xx from the callback, one log line without tokens, and within the
// provider's httpOptions.timeout. test/core/oauth/idp-failures.spec.ts covers the engine alone.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { clearDiscoveryCache } from "../../../lib/core/oauth/client.js"
import { MAX_ID_TOKEN_IAT_SKEW } from "../../../lib/core/oauth/token.js"
import { CookieJar } from "../../utils/cookie-jar.js"
import { freePort } from "../../utils/free-port.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { followAuthorization, type OidcIssuer, startOidcIssuer } from "../../utils/oidc/index.js"
import { recordingLogger } from "../../utils/test-config.js"
import { securityAppModule } from "../security-app.module.js"
import { startHostileIdp, type HostileIdp, type Misbehaviour } from "./hostile-idp.js"

const SESSION = "authjs.session-token"
/**
 * httpOptions.timeout of both providers, in ms. Every well-behaved IdP answer must come within it,
 * and the IdPs share this process with the app: a second or more of slack, so that an event-loop
 * stall on a shared machine does not fail a baseline sign-in. The IdPs that never answer cost this.
 */
const TIMEOUT = 3_000
/** How long the test's browser waits for any answer: the timeout plus slack for a busy machine. */
const BROWSER_WAIT = TIMEOUT + 9_000
const now = () => Math.floor(Date.now() / 1000)

let app: RunningApp
let appUrl: string
let op: OidcIssuer
let hostile: HostileIdp
const log = recordingLogger()

beforeAll(async () => {
  const port = await freePort()
  appUrl = `http://127.0.0.1:${port}`
  const other = { redirect: `${appUrl}/other-app/callback` }
  op = await startOidcIssuer({
    clients: [
      { client_id: "corp-app", client_secret: "corp-secret", redirect_uris: [`${appUrl}/auth/callback/corp`] },
      { client_id: "other-app", client_secret: "other-secret", redirect_uris: [other.redirect] },
    ],
  })
  hostile = await startHostileIdp([
    { id: "corp-app", secret: "corp-secret", redirectUri: `${appUrl}/auth/callback/hostile` },
    { id: "other-app", secret: "other-secret", redirectUri: other.redirect },
  ])
  app = await startApp(
    securityAppModule({
      password: "not-used-here",
      oidc: [
        { id: "corp", issuer: op.issuer, timeout: TIMEOUT },
        { id: "hostile", issuer: hostile.issuer, timeout: TIMEOUT },
      ],
      config: { logger: log.logger },
    }),
    undefined,
    port,
  )
})
afterAll(async () => {
  await app?.app.close()
  await op?.stop()
  await hostile?.stop()
})
beforeEach(() => {
  // Each case gets fresh discovery and JWKS, so a misbehaving one is really asked.
  clearDiscoveryCache()
  hostile.behave({})
})

const form = (fields: Record<string, string>): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
})

type Provider = "corp" | "hostile"

/** POST signin/<provider> from `jar`, as the sign-in page's button does. */
async function startSignIn(jar: CookieJar, provider: Provider): Promise<Response> {
  const { csrfToken } = (await (await jar.fetch(`${appUrl}/auth/csrf`)).json()) as { csrfToken: string }
  return jar.fetch(`${appUrl}/auth/signin/${provider}`, form({ csrfToken, callbackUrl: `${appUrl}/profile` }))
}

/** The browser at the IdP: where it is sent back to (our callback, with code and state). */
async function atIdp(provider: Provider, authorizationUrl: string, deny = false): Promise<URL> {
  if (provider === "corp") return (await followAuthorization(authorizationUrl, { deny })).callbackUrl
  const res = await fetch(authorizationUrl, { redirect: "manual", signal: AbortSignal.timeout(5_000) })
  return new URL(res.headers.get("location")!)
}

/** A browser that has started a sign-in and holds the callback URL the IdP sent it to. */
async function pendingSignIn(provider: Provider, jar = new CookieJar()): Promise<{ jar: CookieJar; callback: URL }> {
  const start = await startSignIn(jar, provider)
  return { jar, callback: await atIdp(provider, start.headers.get("location")!) }
}

interface Attack {
  name: string
  provider: Provider
  /** How the hostile IdP misbehaves for this case. */
  idp?: Misbehaviour
  /** Deny consent at the IdP. */
  deny?: boolean
  /** The attacker's hand: the callback URL the victim's browser is made to open instead. */
  tamper?: (callback: URL, victim: CookieJar) => Promise<URL> | URL
  /** The Auth.js error code it must end with. */
  error: "Configuration" | "OAuthCallbackError"
  /** Fails when the sign-in starts (discovery), before the browser reaches the IdP. */
  atStart?: boolean
  /** The IdP never finishes an answer: the client must give up after the timeout. */
  slow?: boolean
  /** Failed sign-in attempts in this case, each logged once (default 1). */
  attempts?: number
}

const withParams = (url: URL, change: (params: URLSearchParams) => void): URL => {
  const next = new URL(url)
  change(next.searchParams)
  return next
}

const attacks: Attack[] = [
  // The callback a browser is made to open (a real IdP, oidc-provider).
  { name: "a callback without state", provider: "corp", error: "Configuration", tamper: (cb) => withParams(cb, (p) => p.delete("state")) },
  {
    name: "a replayed state (from an earlier sign-in of the same browser)",
    provider: "corp",
    error: "Configuration",
    // The browser starts again: its check cookies now belong to the new attempt, not to this state.
    tamper: async (cb, victim) => {
      expect((await startSignIn(victim, "corp")).status).toBe(302)
      return cb
    },
  },
  {
    name: "a callback replayed in another browser with its own sign-in pending",
    provider: "corp",
    error: "Configuration",
    attempts: 2,
    tamper: async (cb, victim) => {
      // The attacker opens the victim's callback first (refused: no check cookies there) ...
      expect((await new CookieJar().fetch(cb)).headers.get("location")).toBe(`${appUrl}/auth/error?error=Configuration`)
      // ... and the victim's browser, which has moved on to a new sign-in, is made to open it again.
      await startSignIn(victim, "corp")
      return cb
    },
  },
  {
    name: "an authorization code issued to another client",
    provider: "corp",
    error: "Configuration",
    tamper: async (cb) => {
      const url = new URL(`${op.issuer}/auth`)
      for (const [k, v] of Object.entries({ client_id: "other-app", redirect_uri: `${appUrl}/other-app/callback`, response_type: "code", scope: "openid" })) url.searchParams.set(k, v)
      const { callbackUrl } = await followAuthorization(url.href)
      return withParams(cb, (p) => p.set("code", callbackUrl.searchParams.get("code")!))
    },
  },
  {
    name: "an attacker's own code injected with the victim's state (PKCE and nonce refuse it)",
    provider: "corp",
    error: "Configuration",
    tamper: async (cb) => {
      const attacker = await pendingSignIn("corp")
      return withParams(cb, (p) => p.set("code", attacker.callback.searchParams.get("code")!))
    },
  },
  {
    name: "a callback without the PKCE verifier cookie",
    provider: "corp",
    error: "Configuration",
    tamper: (cb, victim) => {
      victim.setCookie(new URL(appUrl), "authjs.pkce.code_verifier=; Path=/; Max-Age=0")
      return cb
    },
  },
  { name: "a mix-up: iss names the other IdP", provider: "corp", error: "Configuration", tamper: (cb) => withParams(cb, (p) => p.set("iss", hostile.issuer)) },
  { name: "no iss from an IdP that promises RFC 9207", provider: "corp", error: "Configuration", tamper: (cb) => withParams(cb, (p) => p.delete("iss")) },
  {
    name: "a mix-up: the callback delivered to the other provider's redirect URI",
    provider: "corp",
    error: "Configuration",
    tamper: (cb) => new URL(`${appUrl}/auth/callback/hostile${cb.search}`),
  },
  { name: "an error response (consent denied)", provider: "corp", deny: true, error: "OAuthCallbackError" },
  {
    name: "a forged error response without state",
    provider: "corp",
    error: "Configuration",
    tamper: () => new URL(`${appUrl}/auth/callback/corp?error=access_denied&iss=${encodeURIComponent(op.issuer)}`),
  },
  // An IdP that itself misbehaves (hostile-idp.ts).
  { name: "an ID token with a broken signature", provider: "hostile", error: "Configuration", idp: { signature: "corrupted" } },
  { name: "an ID token signed with a key the IdP never published", provider: "hostile", error: "Configuration", idp: { signature: "unpublished" } },
  { name: 'an unsigned ID token (alg "none")', provider: "hostile", error: "Configuration", idp: { signature: "none" } },
  { name: "an ID token HMAC-signed with the client secret (alg not advertised)", provider: "hostile", error: "Configuration", idp: { signature: "hs256-with-client-secret" } },
  { name: "an ID token from another issuer", provider: "hostile", error: "Configuration", idp: { claims: { iss: "https://evil.example" } } },
  { name: "an ID token for another audience", provider: "hostile", error: "Configuration", idp: { claims: { aud: "other-app" } } },
  { name: "an ID token for several audiences without azp", provider: "hostile", error: "Configuration", idp: { claims: { aud: ["corp-app", "other-app"] } } },
  { name: "an ID token whose azp is another client", provider: "hostile", error: "Configuration", idp: { claims: { aud: ["corp-app", "other-app"], azp: "other-app" } } },
  { name: "an expired ID token", provider: "hostile", error: "Configuration", idp: { claims: { iat: now() - 3_600, exp: now() - 1_800 } } },
  { name: "an ID token issued an hour in the future", provider: "hostile", error: "Configuration", idp: { claims: { iat: now() + 3_600, exp: now() + 7_200 } } },
  { name: "an ID token with the wrong nonce", provider: "hostile", error: "Configuration", idp: { claims: { nonce: "not-the-cookie-nonce" } } },
  { name: "an ID token without the nonce", provider: "hostile", error: "Configuration", idp: { claims: { nonce: undefined } } },
  { name: "the ID token of an earlier sign-in (substitution)", provider: "hostile", error: "Configuration", idp: { replayPreviousIdToken: true } },
  { name: "HTML instead of JSON from the token endpoint", provider: "hostile", error: "Configuration", idp: { token: { contentType: "text/html", body: "<html><body>Sign in</body></html>" } } },
  { name: "a 500 from the token endpoint", provider: "hostile", error: "Configuration", idp: { token: { status: 500, contentType: "text/html", body: "<h1>Internal Server Error</h1>" } } },
  { name: "an OAuth error from the token endpoint", provider: "hostile", error: "Configuration", idp: { token: { status: 400, body: '{"error":"invalid_grant"}' } } },
  { name: "a token response without an ID token", provider: "hostile", error: "Configuration", idp: { token: { body: '{"access_token":"at","token_type":"Bearer"}' } } },
  { name: "a token endpoint that never answers", provider: "hostile", error: "Configuration", slow: true, idp: { token: { hang: true } } },
  { name: "a token answer whose body never ends", provider: "hostile", error: "Configuration", slow: true, idp: { token: { trickle: true } } },
  { name: "HTML instead of the JWKS", provider: "hostile", error: "Configuration", idp: { jwks: { contentType: "text/html", body: "<html>maintenance</html>" } } },
  { name: "a JWKS endpoint that never answers", provider: "hostile", error: "Configuration", slow: true, idp: { jwks: { hang: true } } },
  { name: "a 500 from discovery", provider: "hostile", error: "Configuration", atStart: true, idp: { discovery: { status: 500, body: "{}" } } },
  { name: "discovery naming another issuer", provider: "hostile", error: "Configuration", atStart: true, idp: { discovery: { body: '{"issuer":"https://evil.example","authorization_endpoint":"https://evil.example/a"}' } } },
  { name: "a discovery endpoint that never answers", provider: "hostile", error: "Configuration", atStart: true, slow: true, idp: { discovery: { hang: true } } },
]

const results: Array<{ name: string; ms: number }> = []

/** What every sign-in attempt must leave behind: no session anywhere. */
async function expectNoSession(jar: CookieJar): Promise<void> {
  expect(jar.get(SESSION)).toBeUndefined()
  expect(await (await jar.fetch(`${appUrl}/auth/session`)).json()).toBeNull()
  expect((await jar.fetch(`${appUrl}/profile`)).status).toBe(401)
}

describe("the sign-in a hostile IdP or attacker tries to subvert", () => {
  it.each(["corp", "hostile"] as const)("succeeds when %s and the browser behave (the baseline)", async (provider) => {
    const { jar, callback } = await pendingSignIn(provider)
    const res = await jar.fetch(callback)
    expect(res.headers.get("location")).toBe(`${appUrl}/profile`)
    expect((await jar.fetch(`${appUrl}/profile`)).status).toBe(200)
  })

  it.each(attacks)("$name: ends on $error, without a session", async (attack) => {
    hostile.behave(attack.idp ?? {})
    const linesBefore = log.lines.length
    const abandonedBefore = hostile.abandoned
    const jar = new CookieJar()
    const started = performance.now()
    let answer: Response
    const start = await startSignIn(jar, attack.provider)
    if (attack.atStart) {
      answer = start
    } else {
      let callback = await atIdp(attack.provider, start.headers.get("location")!, attack.deny)
      if (attack.tamper) callback = await attack.tamper(callback, jar)
      answer = await jar.fetch(callback, { signal: AbortSignal.timeout(BROWSER_WAIT) })
    }
    const ms = Math.round(performance.now() - started)

    expect(answer.status).toBe(302)
    const page = attack.error === "OAuthCallbackError" ? "signin" : "error"
    expect(answer.headers.get("location")).toBe(`${appUrl}/auth/${page}?error=${attack.error}`)
    // The page it lands on: the Configuration page answers 500, as Auth.js's does (the one documented 5xx).
    const landing = await jar.fetch(answer.headers.get("location")!)
    expect(landing.status).toBe(page === "error" ? 500 : 200)
    expect(await landing.text()).toContain(page === "error" ? "Server error" : "Try signing in with a different account.")
    await expectNoSession(jar)

    // Logged once (a refusal of what the browser brought at warn level, a fault at error), with nothing token-like in it.
    const logged = log.lines.slice(linesBefore)
    expect(logged).toHaveLength(attack.attempts ?? 1)
    const text = logged.map((l) => l.text).join(" ")
    expect(text).not.toMatch(/eyJ[\w-]{10,}/)
    // A slow IdP was given up on by the client (the IdP saw the connection go), not waited out.
    if (attack.slow) await expect.poll(() => hostile.abandoned).toBeGreaterThan(abandonedBefore)
    results.push({ name: attack.name, ms })
  })

  it("tolerates an IdP clock a little ahead or behind (iat up to 5 min ahead, exp up to 30 s past)", async () => {
    for (const claims of [{ iat: now() + MAX_ID_TOKEN_IAT_SKEW - 60, exp: now() + 900 }, { iat: now() - 300, exp: now() - 10 }]) {
      hostile.behave({ claims })
      const { jar, callback } = await pendingSignIn("hostile")
      expect((await jar.fetch(callback)).headers.get("location")).toBe(`${appUrl}/profile`)
      expect((await jar.fetch(`${appUrl}/profile`)).status).toBe(200)
    }
  })
})

afterAll(() => {
  const slowest = Math.max(0, ...results.map((r) => r.ms))
  console.log(
    `[adversarial IdP] ${attacks.length} probes ran, ${results.length} passed; slowest ${slowest} ms (httpOptions.timeout ${TIMEOUT} ms)`,
  )
})
