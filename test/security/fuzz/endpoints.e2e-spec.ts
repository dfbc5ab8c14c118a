// Every endpoint fed random methods, paths, headers, cookies and bodies over real HTTP on
// 127.0.0.1. Properties: an answer always comes (no exception escapes, nothing hangs), never a
// 5xx except the Configuration error page (Auth.js's documented 500), never a session, and the app
// keeps serving afterwards.
import { randomBytes } from "node:crypto"
import { Agent } from "node:http"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { encode } from "../../../lib/jwt.js"
import { freePort } from "../../utils/free-port.js"
import { TEST_PLATFORM, startApp, type RunningApp } from "../../utils/nest-app.js"
import { TEST_SECRET } from "../../utils/nest-auth-config.js"
import { recordingLogger } from "../../utils/test-config.js"
import { sendRaw, type RawRequest, type RawResponse } from "../raw-http.js"
import { securityAppModule, type SentLink } from "../security-app.module.js"
import { asHeaderValue, hostileString, percentEncode } from "./hostile-input.js"
import { checkProperty, probeCount, timeoutFor } from "./probe-budget.js"

const SESSION = "authjs.session-token"
const CI_PROBES = 400

let running: RunningApp
let agent: Agent
const log = recordingLogger()
const outbox: SentLink[] = []
/** A CSRF cookie and its token, so probes also get past the CSRF gate into the actions behind it. */
let csrf: { cookie: string; token: string }
/** Session tokens no probe may turn into a session: sealed with another secret, or expired. */
let foreignToken: string
let expiredToken: string

beforeAll(async () => {
  const closed = await freePort()
  running = await startApp(
    securityAppModule({
      password: randomBytes(32).toString("hex"),
      // Nothing listens there: discovery fails fast, as with an IdP that is down.
      oidc: [{ issuer: `http://127.0.0.1:${closed}`, timeout: 2_000 }],
      outbox,
      bearer: true,
      config: { logger: log.logger },
    }),
  )
  // Fastify answers a request Node's parser rejects (its clientError handler) with a 400 that lacks
  // `Connection: close`, then destroys the socket, so a keep-alive client would write the next probe
  // into a dead socket (ECONNRESET). A connection per probe there (no socket limit, so no request waits
  // to reuse one); the server must still keep serving.
  agent = TEST_PLATFORM === "fastify" ? new Agent({ keepAlive: false }) : new Agent({ keepAlive: true, maxSockets: 1 })
  const first = await sendRaw(running.url, { method: "GET", path: "/auth/csrf", headers: {} }, agent)
  const cookie = first.cookies.find((c) => c.startsWith("authjs.csrf-token="))!.split(";")[0]!
  csrf = { cookie, token: (JSON.parse(first.body) as { csrfToken: string }).csrfToken }
  const claims = { sub: "sec-user", email: "sec@example.com" }
  foreignToken = await encode({ token: claims, secret: "another-secret-0123456789abcdefghijklmnop", salt: SESSION })
  expiredToken = await encode({ token: claims, secret: TEST_SECRET, salt: SESSION, maxAge: -3600 })
})
afterAll(async () => {
  agent?.destroy()
  await running?.app.close()
})

const actions = ["providers", "session", "csrf", "signin", "signout", "callback", "verify-request", "error", "", "nope", "SESSION", "..", "%2e%2e", "signin%2Fcredentials"]
const providerIds = ["credentials", "corp", "email", "nope", "undefined", "__proto__", "constructor", "%00", "..", "a".repeat(300)]
const otherPaths = ["/profile", "/public", "/health", "/", "/auth", "//auth/session", "/auth//csrf", "/AUTH/session", "/auth/./session", "/auth/%2e%2e/profile", "/profile/../auth/session", "/auth/signin/credentials/extra/segments"]
const suffixes = ["", "", "", "/", "//", "/x", ";x", "%", "%ZZ", "%00"]

const path = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.constantFrom(...actions), fc.option(fc.constantFrom(...providerIds), { nil: undefined }), fc.constantFrom(...suffixes))
      .map(([action, provider, suffix]) => `/auth/${action}${provider === undefined ? "" : `/${provider}`}${suffix}`),
  },
  { weight: 1, arbitrary: fc.constantFrom(...otherPaths) },
)

const queryKeys = ["callbackUrl", "error", "csrfToken", "code", "state", "iss", "token", "email", "provider", "type", "prompt", "redirect_uri", "client_id", "nonce", "x"]
const query = fc
  .array(fc.tuple(fc.constantFrom(...queryKeys), hostileString, fc.boolean()), { maxLength: 4 })
  .map((pairs) =>
    pairs.length === 0
      ? ""
      : `?${pairs.map(([k, v, raw]) => `${k}=${raw ? v.replace(/[^\x21-\x7e]/g, "") : percentEncode(v)}`).join("&")}`,
  )

const cookieNames = [
  "authjs.csrf-token",
  SESSION,
  `${SESSION}.0`,
  `${SESSION}.1`,
  `${SESSION}.x`,
  "authjs.callback-url",
  "authjs.pkce.code_verifier",
  "authjs.state",
  "authjs.nonce",
  "__Secure-authjs.session-token",
  "__Host-authjs.csrf-token",
  "__proto__",
]
type Tokens = { csrfCookie: string; foreign: string; expired: string }
const cookieValue = (t: Tokens) =>
  fc.oneof(
    { weight: 4, arbitrary: hostileString.map(asHeaderValue) },
    { weight: 4, arbitrary: fc.constantFrom(t.csrfCookie, t.foreign, t.expired, t.foreign.slice(0, 100), `${t.foreign}.${t.foreign}`) },
    // Past Node's 16 KiB header limit (431), and past the 64 KiB session cap in a header Node would take.
    { weight: 1, arbitrary: fc.constantFrom("x".repeat(70_000), "y".repeat(12_000)) },
  )

const contentTypes = [
  "application/json",
  "application/x-www-form-urlencoded",
  "text/plain",
  "multipart/form-data; boundary=x",
  "application/json; charset=utf-16",
  "application/json; charset=latin1",
  "application/x-www-form-urlencoded; charset=iso-8859-1",
  "application/xml",
  "garbage/;;",
]
const bodyKeys = ["csrfToken", "callbackUrl", "email", "password", "username", "data", "code", "state", "user", "__proto__", "constructor", "csrfToken[]", "a[b][c]", "__proto__[polluted]"]
const jsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...bodyKeys), tie("value"), { maxKeys: 3 }),
  ),
})).value

/**
 * A JSON or form body with keys the actions read: usually the CSRF token that matches the probe's
 * cookie, often a hostile callbackUrl, and a few random fields.
 */
function formOrJson(token: string) {
  const fields = fc.record({
    random: fc.array(fc.tuple(fc.constantFrom(...bodyKeys), jsonValue), { maxLength: 4 }),
    csrf: fc.constantFrom(true, true, true, false),
    callbackUrl: fc.option(hostileString, { nil: undefined }),
  })
  const entries = ({ random, csrf, callbackUrl }: { random: Array<[string, unknown]>; csrf: boolean; callbackUrl?: string }) => [
    ...random,
    ...(callbackUrl === undefined ? [] : [["callbackUrl", callbackUrl] as [string, unknown]]),
    ...(csrf ? [["csrfToken", token] as [string, unknown]] : []),
  ]
  return fc.oneof(
    fields.map((f) => ({ type: "application/json", bytes: Buffer.from(JSON.stringify(Object.fromEntries(entries(f)))) })),
    fields.map((f) => ({
      type: "application/x-www-form-urlencoded",
      bytes: Buffer.from(
        entries(f)
          .map(([k, v]) => `${k}=${percentEncode(typeof v === "string" ? v : JSON.stringify(v) ?? "")}`)
          .join("&"),
      ),
    })),
  )
}

/** Bytes no well-behaved client sends. */
const junkBody = fc.oneof(
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
  fc.constantFrom("{", "[]", "null", '"x"', "a=%ZZ&b", '{"__proto__":{"polluted":1}}', "csrfToken=1&csrfToken=2").map((s) => Buffer.from(s)),
  fc.constant(Buffer.alloc(150 * 1024, "a")),
)

/** The routes a browser or the official clients actually use. */
const routes = [
  "GET providers",
  "GET csrf",
  "GET session",
  "POST session",
  "GET signin",
  "POST signin",
  "POST signin/credentials",
  "POST signin/corp",
  "POST signin/email",
  "POST callback/credentials",
  "GET callback/corp",
  "POST callback/corp",
  "GET callback/email",
  "GET signout",
  "POST signout",
  "GET error",
  "GET verify-request",
]

const methods = ["GET", "GET", "GET", "POST", "POST", "POST", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND", "TRACE"]

/**
 * Two kinds of probe: plausible ones (a real action and provider, a body that matches its
 * Content-Type, usually the CSRF pair) that reach deep into the actions, and chaotic ones whose
 * every part is drawn independently (hosts, proxies, huge cookies, junk bodies, odd methods).
 */
function probe(t: Tokens & { token: string }): fc.Arbitrary<RawRequest> {
  const cookies = fc.array(fc.tuple(fc.constantFrom(...cookieNames), cookieValue(t)), { maxLength: 4 })
  const plausible = fc
    .record({
      route: fc.constantFrom(...routes),
      query,
      accept: fc.constantFrom(undefined, "text/html", "application/json"),
      returnRedirect: fc.boolean(),
      cookies,
      withCsrfCookie: fc.constantFrom(true, true, true, false),
      body: formOrJson(t.token),
    })
    .map((p) => {
      const [method = "GET", route = ""] = p.route.split(" ")
      return {
        method,
        path: `/auth/${route}${p.query}`,
        headers: {
          ...(p.accept ? { accept: p.accept } : {}),
          ...(p.returnRedirect ? { "x-auth-return-redirect": "1" } : {}),
          ...(method === "POST" ? { "content-type": p.body.type } : {}),
          ...cookieHeader(p.withCsrfCookie ? [t.csrfCookie] : [], p.cookies),
        },
        body: method === "POST" ? p.body.bytes : undefined,
      }
    })
  const chaotic = fc
    .record({
      method: fc.constantFrom(...methods),
      path,
      query,
      host: fc.constantFrom(undefined, undefined, undefined, "localhost:3000", "evil.example", "", "a b", "[::1]:80", "x".repeat(300), "127.0.0.1:1@evil.example"),
      forwardedHost: fc.option(hostileString.map(asHeaderValue), { nil: undefined, freq: 3 }),
      forwardedProto: fc.constantFrom(undefined, undefined, "https", "http", "ftp", "https, http", ""),
      accept: fc.constantFrom(undefined, "text/html", "application/json", "*/*", "text/html;q=0"),
      contentType: fc.option(fc.constantFrom(...contentTypes), { nil: undefined }),
      returnRedirect: fc.boolean(),
      authorization: fc.constantFrom(undefined, undefined, "Bearer ", "Bearer junk", `Bearer ${t.foreign}`, `Bearer ${t.expired}`, "Basic Zm9vOmJhcg==", "bearer"),
      cookies,
      withCsrfCookie: fc.boolean(),
      body: fc.option(fc.oneof(formOrJson(t.token).map((b) => b.bytes), junkBody), { nil: undefined, freq: 3 }),
    })
    .map((p) => {
      const headers: Record<string, string> = {}
      if (p.host !== undefined) headers.host = p.host
      if (p.forwardedHost !== undefined) headers["x-forwarded-host"] = p.forwardedHost
      if (p.forwardedProto !== undefined) headers["x-forwarded-proto"] = p.forwardedProto
      if (p.accept !== undefined) headers.accept = p.accept
      if (p.contentType !== undefined) headers["content-type"] = p.contentType
      if (p.returnRedirect) headers["x-auth-return-redirect"] = "1"
      if (p.authorization !== undefined) headers.authorization = p.authorization
      Object.assign(headers, cookieHeader(p.withCsrfCookie ? [t.csrfCookie] : [], p.cookies))
      return { method: p.method, path: `${p.path}${p.query}`, headers, body: p.body }
    })
  return fc.oneof({ weight: 3, arbitrary: plausible }, { weight: 2, arbitrary: chaotic })
}

function cookieHeader(first: string[], pairs: Array<[string, string]>): Record<string, string> {
  const all = [...first, ...pairs.map(([name, value]) => `${name}=${value}`)]
  return all.length > 0 ? { cookie: all.join("; ") } : {}
}

/** Auth.js's error page for ?error=Configuration: the one documented 5xx. */
function isConfigurationPage(res: RawResponse): boolean {
  return (
    res.status === 500 &&
    String(res.headers["content-type"]).startsWith("text/html") &&
    res.body.includes("There is a problem with the server configuration.")
  )
}

/** What went wrong with an answer, or undefined when it keeps every promise. */
function violation(req: RawRequest, res: RawResponse): string | undefined {
  // Any 5xx but the Configuration page is a bug. (A HEAD never gets that page: every Auth.js route
  // answers HEAD 400, see below, so a HEAD's 500 is never excused.)
  if (res.status >= 500 && !isConfigurationPage(res)) return `answered ${res.status}: ${res.body.slice(0, 200)}`
  const granted = res.cookies.find((line) => /^(?:__Secure-)?authjs\.session-token(?:\.\d+)?=[^;]/.test(line))
  if (granted) return `set a session cookie: ${granted.slice(0, 80)}`
  if (req.path.startsWith("/profile") && res.status === 200) return "served the guarded route"
  if (res.body.includes('"signedIn":true')) return "a public route saw a session"
  return undefined
}

describe("the 5xx the fuzzer excuses", () => {
  const send = (method: string, path: string) => sendRaw(running.url, { method, path, headers: { accept: "text/html" } }, agent)
  const page = "/auth/error?error=Configuration"

  it("is the Configuration page", async () => {
    const get = await send("GET", page)
    expect(isConfigurationPage(get)).toBe(true)
    expect(violation({ method: "GET", path: page, headers: {} }, get)).toBeUndefined()
  })

  it("is not a HEAD: the routes answer HEAD 400, and an HTML 500 without a body would be a bug", async () => {
    const head = await send("HEAD", page)
    expect(head.status).toBe(400)
    const crash = { ...head, status: 500, headers: { ...head.headers, "content-type": "text/html; charset=utf-8" } }
    expect(violation({ method: "HEAD", path: page, headers: {} }, crash)).toMatch(/^answered 500/)
    const other = { ...crash, body: "<!DOCTYPE html><pre>Internal Server Error</pre>" }
    expect(violation({ method: "GET", path: "/auth/session", headers: {} }, other)).toMatch(/^answered 500/)
  })
})

/**
 * Fastify answers a request Node's parser refuses (headers over 16 KiB) from its clientError handler
 * with a 431 that carries a body even for HEAD, which Node's client then reads as a malformed next
 * response ("Parse Error"). That is the platform's, not ours: the same request as a GET must still get a 4xx.
 */
async function sendOrAsGet(req: RawRequest): Promise<RawResponse> {
  try {
    return await sendRaw(running.url, req, agent)
  } catch (error) {
    const parseError = error instanceof Error && error.message.startsWith("Parse Error")
    if (TEST_PLATFORM !== "fastify" || req.method !== "HEAD" || !parseError) throw error
    const asGet = await sendRaw(running.url, { ...req, method: "GET" }, agent)
    if (asGet.status < 400 || asGet.status >= 500) throw new Error(`HEAD failed to parse, and as a GET answered ${asGet.status}`)
    return asGet
  }
}

describe("every endpoint over HTTP, fed random requests", () => {
  const runs = probeCount(CI_PROBES)
  it(
    "answers each one without a 5xx (but the Configuration page), without a session, and keeps serving",
    async () => {
      const statuses = new Map<number, number>()
      const tokens = { csrfCookie: csrf.cookie, token: csrf.token, foreign: foreignToken, expired: expiredToken }
      await checkProperty(
        "HTTP endpoints",
        fc.asyncProperty(probe(tokens), async (req) => {
          const res = await sendOrAsGet(req)
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
          const problem = violation(req, res)
          if (problem) throw new Error(`${req.method} ${req.path} ${req.body?.toString("utf8").slice(0, 300) ?? ""} ${problem}`)
        }),
        CI_PROBES,
      )
      console.log(`[fuzz] HTTP endpoints: statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`)
      // Enough probes got past routing and CSRF to exercise the actions themselves.
      expect(statuses.get(302) ?? 0).toBeGreaterThan(0)
      expect(statuses.get(200) ?? 0).toBeGreaterThan(0)
      // Still serving, and nothing secret reached the logs.
      const health = await sendRaw(running.url, { method: "GET", path: "/health", headers: {} }, agent)
      expect(health.status).toBe(200)
      for (const error of log.errors) expect(`${error.message} ${String(error.cause)}`).not.toContain(TEST_SECRET)
    },
    timeoutFor(runs, 15),
  )
})
