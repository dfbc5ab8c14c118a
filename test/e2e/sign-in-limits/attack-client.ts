// HTTP for the sign-in-limits tests: requests from a chosen loopback address (127.0.0.x), so one
// test process can be many clients, as an attacker with many addresses would be.
import { request, type IncomingHttpHeaders } from "node:http"

export interface Answer {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

export interface SendOptions {
  /** The source address of the connection (any 127.x on Linux's loopback). */
  from?: string
  cookie?: string
  headers?: Record<string, string>
  /** Send the fields as JSON instead of a form. */
  json?: boolean
}

export function send(method: "GET" | "POST", url: string, fields?: Record<string, string>, options: SendOptions = {}): Promise<Answer> {
  const body = fields === undefined ? undefined : options.json ? JSON.stringify(fields) : new URLSearchParams(fields).toString()
  const headers: Record<string, string> = { ...options.headers }
  if (body !== undefined) headers["content-type"] = options.json ? "application/json" : "application/x-www-form-urlencoded"
  if (options.cookie) headers.cookie = options.cookie
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, localAddress: options.from, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on("data", (chunk: Buffer) => chunks.push(chunk))
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }))
      res.on("error", reject)
    })
    req.on("error", reject)
    req.end(body)
  })
}

/** A CSRF token and the cookie that goes with it (not bound to an address: one serves every client). */
export async function csrf(base: string): Promise<{ csrfToken: string; cookie: string }> {
  const answer = await send("GET", `${base}/csrf`)
  const { csrfToken } = JSON.parse(answer.body) as { csrfToken: string }
  const cookie = (answer.headers["set-cookie"] ?? []).map((line) => line.split(";")[0]).join("; ")
  return { csrfToken, cookie }
}

/** The session cookie an answer sets, if any. */
export function sessionCookie(answer: Answer): string | undefined {
  return (answer.headers["set-cookie"] ?? []).find((line) => line.startsWith("authjs.session-token=") && !line.startsWith("authjs.session-token=;"))
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
