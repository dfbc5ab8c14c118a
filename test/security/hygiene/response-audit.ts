import { CookieJar } from "../../utils/cookie-jar.js"

/** One answer the app gave, as the audit keeps it. */
export interface AuditedResponse {
  /** `METHOD /path` */
  request: string
  /** The full URL asked for. */
  url: URL
  status: number
  headers: Headers
  setCookies: string[]
  body: string
}

/** A Set-Cookie line taken apart: name, value and attributes (names in lower case). */
export interface ParsedSetCookie {
  name: string
  value: string
  attributes: Map<string, string>
}

export function parseSetCookie(line: string): ParsedSetCookie {
  const [pair = "", ...rest] = line.split(";")
  const eq = pair.indexOf("=")
  const attributes = new Map<string, string>()
  for (const part of rest) {
    const at = part.indexOf("=")
    const key = (at === -1 ? part : part.slice(0, at)).trim().toLowerCase()
    attributes.set(key, at === -1 ? "" : part.slice(at + 1).trim())
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes }
}

/**
 * A cookie jar that keeps every answer it receives (headers, Set-Cookie lines, bodies), so a test can
 * look at everything the app emitted along a whole flow: the URLs it sent browsers to, the pages it
 * served, the cookies it set.
 */
export class AuditingJar extends CookieJar {
  readonly responses: AuditedResponse[] = []

  override async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const response = await super.fetch(url, init)
    const body = await response.clone().text()
    this.responses.push({
      request: `${init.method ?? "GET"} ${new URL(url).pathname}`,
      url: new URL(url),
      status: response.status,
      headers: response.headers,
      setCookies: response.headers.getSetCookie(),
      body,
    })
    return response
  }

  /** Every URL the app emitted: Location headers, links, form actions and image sources in pages, `url` in JSON. */
  emittedUrls(): string[] {
    const urls: string[] = []
    for (const r of this.responses) {
      const location = r.headers.get("location")
      if (location) urls.push(location)
      if (r.headers.get("content-type")?.startsWith("text/html")) {
        for (const [, , value = ""] of r.body.matchAll(/\b(href|src|action)="([^"]*)"/g)) urls.push(decodeEntities(value))
      }
      if (r.headers.get("content-type")?.includes("json")) {
        const url = (safeJson(r.body) as { url?: unknown } | null)?.url
        if (typeof url === "string") urls.push(url)
      }
    }
    return urls
  }

  /** Every Set-Cookie line of the flow, parsed. */
  cookiesSet(): ParsedSetCookie[] {
    return this.responses.flatMap((r) => r.setCookies.map(parseSetCookie))
  }
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, code: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", "#x27": "'" })[code] ?? "")
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
