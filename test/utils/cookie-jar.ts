/**
 * A small browser-like cookie store for tests that drive apps with `fetch`: host-only cookies
 * (ports ignored, as browsers do), path matching, `Max-Age`/`Expires` deletion. No Domain or
 * Secure handling: every test server is plain http on 127.0.0.1.
 */
interface StoredCookie {
  name: string
  value: string
  host: string
  path: string
  /** The full Set-Cookie line, for attribute assertions. */
  raw: string
}

export class CookieJar {
  private readonly cookies = new Map<string, StoredCookie>()

  /** Stores (or deletes) every cookie the response set. */
  store(url: string | URL, response: Response): void {
    const target = new URL(url)
    for (const line of response.headers.getSetCookie()) this.setCookie(target, line)
  }

  setCookie(url: URL, line: string): void {
    const [pair = "", ...attributes] = line.split(";")
    const eq = pair.indexOf("=")
    if (eq <= 0) return
    const name = pair.slice(0, eq).trim()
    const value = pair.slice(eq + 1).trim()
    let path = defaultPath(url.pathname)
    let expired = false
    for (const attribute of attributes) {
      const [key = "", val = ""] = attribute.split("=", 2).map((s) => s.trim())
      const lower = key.toLowerCase()
      if (lower === "path" && val.startsWith("/")) path = val
      if (lower === "max-age" && Number(val) <= 0) expired = true
      if (lower === "expires" && Date.parse(val) <= Date.now()) expired = true
    }
    const key = `${url.hostname} ${path} ${name}`
    if (expired) this.cookies.delete(key)
    else this.cookies.set(key, { name, value, host: url.hostname, path, raw: line })
  }

  /** The `Cookie` header a browser would send to `url` (undefined when none applies). */
  header(url: string | URL): string | undefined {
    const target = new URL(url)
    const pairs = [...this.cookies.values()]
      .filter((c) => c.host === target.hostname && pathMatches(target.pathname, c.path))
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`)
    return pairs.length > 0 ? pairs.join("; ") : undefined
  }

  get(name: string): string | undefined {
    return [...this.cookies.values()].find((c) => c.name === name)?.value
  }

  names(): string[] {
    return [...this.cookies.values()].map((c) => c.name)
  }

  /** `fetch` that sends this jar's cookies, stores the answer's, and never follows redirects. */
  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers)
    const cookie = this.header(url)
    if (cookie && !headers.has("cookie")) headers.set("cookie", cookie)
    const response = await fetch(url, { ...init, headers, redirect: "manual", signal: init.signal ?? AbortSignal.timeout(10_000) })
    this.store(url, response)
    return response
  }
}

function defaultPath(pathname: string): string {
  const slash = pathname.lastIndexOf("/")
  return slash <= 0 ? "/" : pathname.slice(0, slash)
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true
  if (!requestPath.startsWith(cookiePath)) return false
  return cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/"
}
