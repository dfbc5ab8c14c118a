import { createHash, randomBytes } from "node:crypto"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { importJWK, SignJWT, type JWK } from "jose"
import { rsaKeyPairJwk } from "../../utils/rsa-jwk.js"

/** A client the IdP knows: id, secret and the one redirect URI it may use. */
export interface HostileClient {
  id: string
  secret: string
  redirectUri: string
}

/** An answer the IdP gives instead of its correct one. */
export interface RawAnswer {
  status?: number
  contentType?: string
  body?: string
  /** Send the headers, then never finish the body (a trickle that outlasts any timeout). */
  trickle?: boolean
  /** Never answer at all. */
  hang?: boolean
}

/** The ID token's signature: the published key, a key the IdP never published, none, or a broken one. */
export type Signature = "published" | "unpublished" | "none" | "corrupted" | "hs256-with-client-secret"

/** How the IdP misbehaves; every field left out behaves correctly. */
export interface Misbehaviour {
  /** Changes the parameters of the redirect back to the client (state, iss, code, error…). */
  redirect?: (params: URLSearchParams) => void
  /** Replaces discovery, JWKS or token answers. */
  discovery?: RawAnswer
  jwks?: RawAnswer
  token?: RawAnswer
  /** Claims laid over the correct ID token claims (`undefined` removes one). */
  claims?: Record<string, unknown>
  signature?: Signature
  /** Answer the token request with the ID token of the previous sign-in (a replay). */
  replayPreviousIdToken?: boolean
  /** Milliseconds every answer of discovery, JWKS and token endpoints is held back (a slow IdP). */
  delay?: number
}

export interface HostileIdp {
  /** `http://127.0.0.1:<port>` */
  issuer: string
  /** Sets how the next requests misbehave (`{}` for a correct IdP). */
  behave(misbehaviour: Misbehaviour): void
  /** Requests whose client gave up waiting (aborted by its timeout). */
  readonly abandoned: number
  stop(): Promise<void>
}

interface IssuedCode {
  clientId: string
  redirectUri: string
  nonce?: string
  challenge?: string
  used: boolean
}

/**
 * A small OpenID Provider on 127.0.0.1 (a random port unless given: an outage test restarts it on
 * the same one) that is correct by default (discovery, JWKS, an authorization
 * endpoint that signs the user in at once, a token endpoint that checks client authentication,
 * single-use codes, the code's client and redirect URI, and PKCE) and can be told to misbehave in the
 * ways `Misbehaviour` lists. It exists for what oidc-provider will not do: sign wrong tokens.
 */
export async function startHostileIdp(clients: HostileClient[], port = 0): Promise<HostileIdp> {
  const publishedPair = rsaKeyPairJwk()
  const published = { privateKey: await importJWK(publishedPair.privateJwk as JWK, "RS256") }
  const unpublished = { privateKey: await importJWK(rsaKeyPairJwk().privateJwk as JWK, "RS256") }
  const jwk: JWK = { ...(publishedPair.publicJwk as JWK), kid: "published", alg: "RS256", use: "sig" }
  const codes = new Map<string, IssuedCode>()
  const sockets = new Set<ServerResponse>()
  let misbehaviour: Misbehaviour = {}
  let previousIdToken: string | undefined
  let abandoned = 0
  let issuer = ""


  async function idToken(code: IssuedCode, client: HostileClient): Promise<string> {
    const now = Math.floor(Date.now() / 1000)
    const claims: Record<string, unknown> = { iss: issuer, aud: client.id, sub: "hostile-user", iat: now, exp: now + 300, nonce: code.nonce, email: "victim@idp.example", name: "Victim" }
    for (const [name, value] of Object.entries(misbehaviour.claims ?? {})) {
      if (value === undefined) delete claims[name]
      else claims[name] = value
    }
    const signature = misbehaviour.signature ?? "published"
    if (signature === "none") {
      const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString("base64url")
      return `${encode({ alg: "none" })}.${encode(claims)}.`
    }
    if (signature === "hs256-with-client-secret") {
      return new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(client.secret))
    }
    const key = signature === "unpublished" ? unpublished.privateKey : published.privateKey
    const jwt = await new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: "published" }).sign(key)
    if (signature !== "corrupted") return jwt
    const [header, payload, sig = ""] = jwt.split(".")
    return `${header}.${payload}.${sig.slice(0, 10)}${sig[10] === "A" ? "B" : "A"}${sig.slice(11)}`
  }

  function answer(res: ServerResponse, raw: RawAnswer | undefined, fallback: () => Promise<RawAnswer> | RawAnswer): void {
    // Counted when the client goes before a complete answer: it gave up (its timeout fired).
    let answered = false
    sockets.add(res)
    res.on("close", () => {
      sockets.delete(res)
      if (!answered) abandoned += 1
    })
    const delay = misbehaviour.delay ?? 0
    const held = delay > 0 ? new Promise((resolve) => setTimeout(resolve, delay)) : Promise.resolve()
    void held.then(() => raw ?? fallback()).then((a) => {
      if (a.hang || res.socket === null || res.socket.destroyed) return
      res.writeHead(a.status ?? 200, { "content-type": a.contentType ?? "application/json" })
      if (a.trickle) {
        const timer = setInterval(() => res.write(" "), 100)
        res.write("{")
        res.on("close", () => clearInterval(timer))
        return
      }
      answered = true
      res.end(a.body ?? "")
    })
  }

  const json = (value: unknown, status = 200): RawAnswer => ({ status, body: JSON.stringify(value) })

  async function tokenAnswer(form: URLSearchParams, authorization: string | undefined): Promise<RawAnswer> {
    const [id = "", secret = ""] = Buffer.from((authorization ?? "").replace(/^Basic /, ""), "base64").toString("utf8").split(":").map(decodeURIComponent)
    const client = clients.find((c) => c.id === id && c.secret === secret)
    if (!client) return json({ error: "invalid_client" }, 401)
    const code = codes.get(form.get("code") ?? "")
    const verifier = form.get("code_verifier")
    const pkceOk = code?.challenge === undefined || (verifier !== null && createHash("sha256").update(verifier).digest("base64url") === code.challenge)
    if (!code || code.used || code.clientId !== client.id || code.redirectUri !== form.get("redirect_uri") || !pkceOk) {
      return json({ error: "invalid_grant" }, 400)
    }
    code.used = true
    const minted = await idToken(code, client)
    const token = misbehaviour.replayPreviousIdToken && previousIdToken ? previousIdToken : minted
    previousIdToken = minted
    return json({ access_token: randomBytes(16).toString("hex"), token_type: "Bearer", expires_in: 300, id_token: token })
  }

  function authorize(url: URL, res: ServerResponse): void {
    const client = clients.find((c) => c.id === url.searchParams.get("client_id"))
    if (!client || url.searchParams.get("redirect_uri") !== client.redirectUri) return void res.writeHead(400).end("bad client")
    const code = randomBytes(16).toString("base64url")
    codes.set(code, {
      clientId: client.id,
      redirectUri: client.redirectUri,
      nonce: url.searchParams.get("nonce") ?? undefined,
      challenge: url.searchParams.get("code_challenge") ?? undefined,
      used: false,
    })
    const back = new URL(client.redirectUri)
    back.searchParams.set("code", code)
    const state = url.searchParams.get("state")
    if (state !== null) back.searchParams.set("state", state)
    back.searchParams.set("iss", issuer)
    misbehaviour.redirect?.(back.searchParams)
    res.writeHead(302, { location: back.href }).end()
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://x")
    const chunks: Buffer[] = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => {
      const route = `${req.method} ${url.pathname}`
      if (route === "GET /.well-known/openid-configuration") {
        return answer(res, misbehaviour.discovery, () =>
          json({
            issuer,
            authorization_endpoint: `${issuer}/authorize`,
            token_endpoint: `${issuer}/token`,
            jwks_uri: `${issuer}/jwks`,
            response_types_supported: ["code"],
            id_token_signing_alg_values_supported: ["RS256"],
            code_challenge_methods_supported: ["S256"],
            authorization_response_iss_parameter_supported: true,
          }),
        )
      }
      if (route === "GET /jwks") return answer(res, misbehaviour.jwks, () => json({ keys: [jwk] }))
      if (route === "GET /authorize") return authorize(url, res)
      if (route === "POST /token") {
        const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"))
        return answer(res, misbehaviour.token, () => tokenAnswer(form, req.headers.authorization))
      }
      res.writeHead(404).end()
    })
  })
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", resolve))
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    issuer,
    behave: (m) => void (misbehaviour = m),
    get abandoned() {
      return abandoned
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        for (const res of sockets) res.destroy()
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
