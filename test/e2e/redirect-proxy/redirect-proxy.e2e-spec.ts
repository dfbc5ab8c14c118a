// Two deployments of one Nest app on different loopback origins: 127.0.0.1 is the stable one (the
// only redirect URI the IdP knows), 127.0.0.2 a preview. Sign-ins on the preview go through the
// stable deployment's callback and end with a session on the preview.
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { encode } from "../../../lib/core/jwt/encode-decode.js"
import { CookieJar } from "../../utils/cookie-jar.js"
import { freePort } from "../../utils/free-port.js"
import { startOidcIssuer, type OidcIssuer } from "../../utils/oidc/index.js"
import {
  PREVIEW_HOST,
  SECRET,
  SESSION,
  STABLE_HOST,
  signInOn,
  startNestDeployment,
  type Deployment,
} from "./deployments.js"

let idp: OidcIssuer
let stable: Deployment
let preview: Deployment
let proxyBase: string

beforeAll(async () => {
  const port = await freePort()
  proxyBase = `http://${STABLE_HOST}:${port}/auth`
  idp = await startOidcIssuer({
    clients: [{ client_id: "corp-app", client_secret: "corp-secret", redirect_uris: [`${proxyBase}/callback/corp`] }],
  })
  stable = await startNestDeployment(STABLE_HOST, port, idp.issuer, proxyBase)
  preview = await startNestDeployment(PREVIEW_HOST, 0, idp.issuer, proxyBase)
})
afterAll(async () => {
  await preview?.close()
  await stable?.close()
  await idp?.stop()
})

/** A state value as a deployment holding `secret` would mint it. */
const mintState = (claims: Record<string, unknown>, secret = SECRET) =>
  encode({ token: { random: "r4nd0m", ...claims }, secret, salt: "encodedState", maxAge: 900 })

/** GET the stable deployment's callback as the IdP would send a browser there, without cookies. */
const proxyCallback = (state: string) =>
  fetch(`${proxyBase}/callback/corp?code=some-code&state=${encodeURIComponent(state)}&iss=${encodeURIComponent(idp.issuer)}`, {
    redirect: "manual",
  })

describe("redirect proxy between two deployments of our app", () => {
  it("signs in on the preview through the stable deployment's callback, the session on the preview", async () => {
    const jar = new CookieJar()
    const { authorizationUrl, idpCallback, proxyAnswer, previewAnswer } = await signInOn(
      jar,
      preview.url,
      `${preview.url}/profile`,
    )
    expect(authorizationUrl.searchParams.get("redirect_uri")).toBe(`${proxyBase}/callback/corp`)
    expect(idpCallback.origin).toBe(stable.url)

    expect(proxyAnswer.status).toBe(302)
    const forwarded = new URL(proxyAnswer.headers.get("location")!)
    expect(`${forwarded.origin}${forwarded.pathname}`).toBe(`${preview.url}/auth/callback/corp`)
    expect(Object.fromEntries(forwarded.searchParams)).toEqual(Object.fromEntries(idpCallback.searchParams))
    expect(proxyAnswer.headers.getSetCookie().some((c) => c.startsWith(`${SESSION}=`))).toBe(false)

    expect(previewAnswer?.status).toBe(302)
    expect(previewAnswer?.headers.get("location")).toBe(`${preview.url}/profile`)
    const me = await jar.fetch(`${preview.url}/profile`)
    expect(me.status).toBe(200)
    expect(await me.json()).toMatchObject({ user: { name: "Alice Liddell", email: "alice@example.com" } })
    expect((await jar.fetch(`${stable.url}/profile`)).status).toBe(401)
  })

  it("still signs in on the stable deployment itself, without a forward", async () => {
    const jar = new CookieJar()
    const { authorizationUrl, proxyAnswer, previewAnswer } = await signInOn(jar, stable.url, `${stable.url}/profile`)
    expect(authorizationUrl.searchParams.get("redirect_uri")).toBe(`${proxyBase}/callback/corp`)
    expect(previewAnswer).toBeUndefined()
    expect(proxyAnswer.headers.get("location")).toBe(`${stable.url}/profile`)
    expect((await jar.fetch(`${stable.url}/profile`)).status).toBe(200)
  })

  it("forces the state check on, even for a provider configured with pkce only", async () => {
    const jar = new CookieJar()
    const { csrfToken } = (await (await jar.fetch(`${preview.url}/auth/csrf`)).json()) as { csrfToken: string }
    const res = await jar.fetch(`${preview.url}/auth/signin/corp`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken }).toString(),
    })
    expect(new URL(res.headers.get("location")!).searchParams.get("state")).toMatch(/^eyJ/)
    expect(jar.names()).toContain("authjs.state")
  })
})

describe("the stable deployment refuses what it must not forward", () => {
  const cases: Array<[string, () => Promise<string>]> = [
    ["a tampered state", async () => tamper(await mintState({ origin: `${preview.url}/auth/callback/corp` }))],
    ["a state from another secret", () => mintState({ origin: `${preview.url}/auth/callback/corp` }, "another-secret-entirely-0123456789abcdef")],
    ["an expired state", () => encode({ token: { random: "r", origin: `${preview.url}/auth/callback/corp` }, secret: SECRET, salt: "encodedState", maxAge: -60 })],
    ["a state that is no JWE", async () => "not-a-state"],
    ["a javascript: origin", () => mintState({ origin: "javascript:alert(1)//auth/callback/corp" })],
    ["a data: origin", () => mintState({ origin: "data:text/html,<script>alert(1)</script>/callback/corp" })],
    ["an origin that is no URL", () => mintState({ origin: "//evil.example/auth/callback/corp" })],
    ["an origin with credentials", () => mintState({ origin: "http://user:pw@127.0.0.2:1/auth/callback/corp" })],
    ["an origin with a query", () => mintState({ origin: `${preview.url}/auth/callback/corp?next=https://evil.example` })],
    ["a target that is no callback of this provider", () => mintState({ origin: `${preview.url}/auth/signout` })],
    ["another provider's callback", () => mintState({ origin: `${preview.url}/auth/callback/other` })],
    ["an origin that is no string", () => mintState({ origin: { href: "https://evil.example" } })],
  ]

  it("(control) a state minted with the secret for the preview is forwarded, with the same query", async () => {
    const state = await mintState({ origin: `${preview.url}/auth/callback/corp` })
    const res = await proxyCallback(state)
    expect(res.status).toBe(302)
    const target = new URL(res.headers.get("location")!)
    expect(`${target.origin}${target.pathname}`).toBe(`${preview.url}/auth/callback/corp`)
    expect(Object.fromEntries(target.searchParams)).toEqual({ code: "some-code", state, iss: idp.issuer })
  })

  it.each(cases)("%s: InvalidCheck, Configuration error page on the stable origin, no forward, no session", async (_name, state) => {
    const logged = stable.errors.length
    const res = await proxyCallback(await state())
    expect(res.status).toBe(302)
    expect(res.headers.get("location")).toBe(`${stable.url}/auth/error?error=Configuration`)
    expect(res.headers.getSetCookie().some((c) => c.startsWith(`${SESSION}=`))).toBe(false)
    // Refused by the proxy itself, before any check cookie is looked at.
    const [error] = stable.errors.slice(logged)
    expect(error).toMatchObject({ type: "InvalidCheck" })
    expect(error?.message).toMatch(/^(State could not be decoded|The state names no deployment)/)
  })

  it("a state naming the stable deployment itself is completed there, and needs its state cookie", async () => {
    const res = await proxyCallback(await mintState({ origin: `${stable.url}/auth/callback/corp` }))
    expect(res.headers.get("location")).toBe(`${stable.url}/auth/error?error=Configuration`)
  })

  it("a forwarded callback without the preview's state cookie gets no session there", async () => {
    const jar = new CookieJar()
    const { idpCallback, proxyAnswer } = await signInOn(jar, preview.url, `${preview.url}/profile`)
    expect(idpCallback.origin).toBe(stable.url)
    const stranger = new CookieJar() // another browser replays the forward
    const res = await stranger.fetch(proxyAnswer.headers.get("location")!)
    expect(res.status).toBe(302)
    expect(res.headers.get("location")).toBe(`${preview.url}/auth/error?error=Configuration`)
    expect(stranger.get(SESSION)).toBeUndefined()
  })
})

/** Flips one character in the ciphertext part of a JWE. */
function tamper(jwe: string): string {
  const parts = jwe.split(".")
  const body = parts[3] ?? ""
  parts[3] = `${body[0] === "A" ? "B" : "A"}${body.slice(1)}`
  return parts.join(".")
}
