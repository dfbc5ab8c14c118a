import { createServer, type IncomingHttpHeaders } from "node:http"
import type { AddressInfo } from "node:net"

/** A request as the stand-in saw it, under its public URL (host and scheme from X-Forwarded-*). */
export interface ApiRequest {
  method: string
  url: URL
  headers: IncomingHttpHeaders
  body: string
  /** The body parsed as a form (token requests). */
  form: URLSearchParams
}

export interface ApiAnswer {
  status?: number
  json?: unknown
  /** A raw body instead of JSON (HTML error pages, photos). */
  body?: string | Buffer
  contentType?: string
  /** Never answer (a hung IdP): the connection stays open until the client gives up. */
  hang?: boolean
}

/**
 * Handlers keyed by `"METHOD https://host/path"` (no query), the public URL when reached through an
 * `idpRouter`; or by `"METHOD /path"`, any host (a stand-in reached directly at its own origin, e.g. a
 * provider's `enterprise.baseUrl`). Anything else answers 404.
 */
export type ApiRoutes = Record<string, (request: ApiRequest) => ApiAnswer | Promise<ApiAnswer>>

export interface ApiStandIn {
  /** `http://127.0.0.1:<port>`: map each of the IdP's origins to it in an `idpRouter`, or call it directly. */
  origin: string
  requests: ApiRequest[]
  /** `METHOD https://host/path` of every request so far. */
  calls(): string[]
  /** Requests whose client went away before an answer (aborted by a timeout). */
  abandoned: number
  stop(): Promise<void>
}

/**
 * An OAuth 2 server and REST API on 127.0.0.1 answering with an IdP's recorded response shapes,
 * for several public hosts at once (Twitter's `x.com` and `api.x.com`, say), or at its own origin.
 */
export async function startApiStandIn(routes: ApiRoutes): Promise<ApiStandIn> {
  const requests: ApiRequest[] = []
  const standIn = { abandoned: 0 }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => {
      const host = String(req.headers["x-forwarded-host"] ?? req.headers.host)
      const scheme = String(req.headers["x-forwarded-proto"] ?? "http")
      const url = new URL(req.url ?? "/", `${scheme}://${host}`)
      const body = Buffer.concat(chunks).toString("utf8")
      const request: ApiRequest = { method: req.method ?? "GET", url, headers: req.headers, body, form: new URLSearchParams(body) }
      requests.push(request)
      const route = routes[`${request.method} ${url.origin}${url.pathname}`] ?? routes[`${request.method} ${url.pathname}`]
      void Promise.resolve(route ? route(request) : { status: 404, json: { error: "not_found" } }).then(
        (answer) => {
          if (answer.hang) {
            res.on("close", () => void (standIn.abandoned += 1))
            return
          }
          const payload = answer.body ?? JSON.stringify(answer.json ?? {})
          res.writeHead(answer.status ?? 200, { "content-type": answer.contentType ?? "application/json" })
          res.end(payload)
        },
        (error: unknown) => res.writeHead(500).end(String(error)),
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    calls: () => requests.map((r) => `${r.method} ${r.url.origin}${r.url.pathname}`),
    get abandoned() {
      return standIn.abandoned
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

/** The `Authorization: Basic` credentials of a token request, decoded (RFC 6749 §2.3.1 form-encoding). */
export function basicCredentials(request: ApiRequest): { id: string; secret: string } | undefined {
  const header = request.headers.authorization
  if (!header?.startsWith("Basic ")) return undefined
  const [id = "", secret = ""] = Buffer.from(header.slice(6), "base64").toString("utf8").split(":")
  const decode = (value: string) => decodeURIComponent(value.replace(/\+/g, " "))
  return { id: decode(id), secret: decode(secret) }
}

/**
 * A token endpoint that authenticates the client as the IdP would (`basic`: RFC 6749 §2.3.1
 * header; `post`: `client_id`/`client_secret` in the body), answers `invalid_client` otherwise,
 * and `invalid_grant` for a code other than `code`.
 */
export function tokenEndpoint(
  client: { id: string; secret: string; auth: "basic" | "post"; code: string },
  answer: (request: ApiRequest) => ApiAnswer | Promise<ApiAnswer>,
): (request: ApiRequest) => ApiAnswer | Promise<ApiAnswer> {
  return (request) => {
    const basic = basicCredentials(request)
    const { form } = request
    const authenticated =
      client.auth === "basic"
        ? basic?.id === client.id && basic.secret === client.secret && !form.has("client_secret")
        : !basic && form.get("client_id") === client.id && form.get("client_secret") === client.secret
    if (!authenticated) return { status: 401, json: { error: "invalid_client" } }
    if (form.get("grant_type") === "authorization_code" && form.get("code") !== client.code) {
      return { status: 400, json: { error: "invalid_grant" } }
    }
    return answer(request)
  }
}
