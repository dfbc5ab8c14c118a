import { encode } from "../lib/core/jwt/encode-decode.js"

/** The secret every benchmark server shares (a fixed value: the numbers must not depend on it). */
export const BENCH_SECRET = "bench-secret-4c1f0e8a9b2d7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c"

/** Auth.js's session cookie name on http. */
export const SESSION_COOKIE = "authjs.session-token"

/** The user inside every session the benchmark presents. */
export const benchUser = { name: "Bench User", email: "bench@example.com", image: "https://example.com/b.png" }

/** Seconds in 30 days: Auth.js's default session lifetime. */
export const MAX_AGE = 30 * 24 * 60 * 60

/** A session JWE exactly as Auth.js issues it (same key, header and claims), fresh so no refresh is due. */
export function sessionJwt(): Promise<string> {
  return encode({
    token: { name: benchUser.name, email: benchUser.email, picture: benchUser.image, sub: "bench-user-1" },
    secret: BENCH_SECRET,
    salt: SESSION_COOKIE,
    maxAge: MAX_AGE,
  })
}

/**
 * The Cookie header a browser sends after signing in: the session plus Auth.js's CSRF and callback
 * cookies and two unrelated ones, so the header is as long as in real use.
 */
export function browserCookieHeader(session: string): string {
  return [
    "_ga=GA1.1.1234567890.1700000000",
    `authjs.csrf-token=${"a1".repeat(32)}%7C${"b2".repeat(32)}`,
    "authjs.callback-url=http%3A%2F%2F127.0.0.1%3A3000%2Fprofile",
    `${SESSION_COOKIE}=${session}`,
    "theme=dark",
  ].join("; ")
}

/** What every benchmark route answers, guarded or not, so response sizes match. */
export function greeting(name: string | null | undefined): { hello: string } {
  return { hello: name ?? "anonymous" }
}
