import { type Agent, request } from "node:http"

/** A request as it goes on the wire: any method token, a raw path, headers in latin1, body bytes. */
export interface RawRequest {
  method: string
  /** Path and query exactly as sent (printable ASCII only: Node's client refuses the rest). */
  path: string
  headers: Record<string, string>
  body?: Buffer
}

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  /** `Set-Cookie` lines. */
  cookies: string[]
  body: string
}

/**
 * Sends one request to `origin` (http://127.0.0.1:port) with Node's http client, which lets a test
 * choose the method, Host and every header fetch() would refuse. Rejects after `timeoutMs`.
 */
export function sendRaw(origin: string, req: RawRequest, agent?: Agent, timeoutMs = 10_000): Promise<RawResponse> {
  const { hostname, port } = new URL(origin)
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        hostname,
        port,
        method: req.method,
        path: req.path,
        headers: { ...req.headers, ...(req.body ? { "content-length": String(req.body.length) } : {}) },
        agent,
        setHost: !Object.keys(req.headers).some((h) => h.toLowerCase() === "host"),
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on("data", (chunk: Buffer) => chunks.push(chunk))
        res.on("end", () => {
          const setCookie = res.headers["set-cookie"]
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            cookies: Array.isArray(setCookie) ? setCookie : [],
            body: Buffer.concat(chunks).toString("utf8"),
          })
        })
        res.on("error", reject)
      },
    )
    outgoing.on("timeout", () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms: ${req.method} ${req.path}`)))
    outgoing.on("error", reject)
    outgoing.end(req.body)
  })
}
