import { createServer, type IncomingHttpHeaders } from "node:http"
import type { AddressInfo } from "node:net"

export interface RecordedRequest {
  method: string
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: string
}

export interface FakeAnswer {
  status?: number
  json?: unknown
}

/** Handlers keyed by `"METHOD /path"`; anything else answers 404. */
export type FakeRoutes = Record<string, (request: RecordedRequest) => FakeAnswer>

export interface FakeApi {
  /** `http://127.0.0.1:<port>` */
  url: string
  requests: RecordedRequest[]
  stop(): Promise<void>
}

/** A tiny JSON API on 127.0.0.1 (random port) standing in for an OAuth 2 server or a REST API. */
export async function startFakeApi(routes: FakeRoutes): Promise<FakeApi> {
  const requests: RecordedRequest[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x")
      const request: RecordedRequest = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      }
      requests.push(request)
      const route = routes[`${request.method} ${request.path}`]
      const answer = route ? route(request) : { status: 404, json: { error: "not_found" } }
      res.writeHead(answer.status ?? 200, { "content-type": "application/json" })
      res.end(JSON.stringify(answer.json ?? {}))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
