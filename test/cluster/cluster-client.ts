// The browser side of the cluster test: sign-in through nginx, bursts of requests, forged expiry.
import { decode, encode } from "../../lib/core/jwt/encode-decode.js"
import { CookieJar } from "../utils/cookie-jar.js"
import { followAuthorization } from "../utils/oidc/index.js"

export const SESSION = "authjs.session-token"

export interface Answer {
  status: number
  servedBy: string
  body: { email?: string; accessToken?: string; error?: string } | null
}

const form = (fields: Record<string, string>): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
})

/** An OIDC sign-in through the load balancer; says which instances ran the authorize step and the callback. */
export async function signInVia(lb: string, sub: string) {
  const jar = new CookieJar()
  const { csrfToken } = (await (await jar.fetch(`${lb}/auth/csrf`)).json()) as { csrfToken: string }
  const start = await jar.fetch(`${lb}/auth/signin/corp?login_hint=${sub}`, form({ csrfToken, callbackUrl: `${lb}/profile` }))
  const location = start.headers.get("location")
  if (start.status !== 302 || !location) throw new Error(`sign-in did not start: ${start.status} ${await start.text()}`)
  const { callbackUrl } = await followAuthorization(location)
  const callback = await jar.fetch(callbackUrl)
  return {
    jar,
    authorizedBy: start.headers.get("x-served-by"),
    calledBackBy: callback.headers.get("x-served-by"),
    landedOn: callback.headers.get("location"),
  }
}

export async function signOutVia(lb: string, jar: CookieJar): Promise<Response> {
  const { csrfToken } = (await (await jar.fetch(`${lb}/auth/csrf`)).json()) as { csrfToken: string }
  return jar.fetch(`${lb}/auth/signout`, form({ csrfToken, callbackUrl: `${lb}/` }))
}

export async function profile(lb: string, cookie: string): Promise<Answer> {
  const res = await fetch(`${lb}/profile`, { headers: { cookie }, signal: AbortSignal.timeout(20_000) })
  const text = await res.text()
  let body: Answer["body"] = null
  try {
    body = JSON.parse(text) as Answer["body"]
  } catch {
    // an error page
  }
  return { status: res.status, servedBy: res.headers.get("x-served-by") ?? "", body }
}

/** `n` requests at once, all with the same cookie (one browser's tabs and API calls). */
export const burst = (lb: string, cookie: string, n: number) => Promise.all(Array.from({ length: n }, () => profile(lb, cookie)))

/** The jar's JWT session cookie with its access token marked expired (as if an hour had passed). */
export async function expiredJwtCookie(jar: CookieJar, secrets: string[]): Promise<string> {
  const claims = await decode({ token: jar.get(SESSION), secret: secrets, salt: SESSION })
  const token = await encode({ token: { ...claims, expires_at: 1 }, secret: secrets, salt: SESSION })
  return `${SESSION}=${token}`
}

export const sessionCookie = (jar: CookieJar) => `${SESSION}=${jar.get(SESSION)}`

/** A one-line summary of a burst for the test's output. */
export function summary(answers: Answer[]) {
  const statuses = [...new Set(answers.map((a) => a.status))]
  const instances = new Set(answers.map((a) => a.servedBy)).size
  const tokens = new Set(answers.map((a) => a.body?.accessToken)).size
  const errors = answers.filter((a) => a.body?.error).length
  return { requests: answers.length, statuses, instances, distinctAccessTokens: tokens, refreshErrors: errors }
}
