import type { CookieDef, CookieKey } from "../vocabulary/http.js"
import { decodeNextAuthV4, encodeNextAuthV4 } from "../jwt/next-auth-v4.js"
import { secretsFromEnv } from "./env.js"
import type { JWTDecodeParams, JWTEncodeParams, SessionIssuer } from "./session-options.js"
import type { AuthConfig } from "./types.js"

type Env = Readonly<Record<string, string | undefined>>

const issuers: readonly SessionIssuer[] = ["next-auth-v4"]

/**
 * `session.issuedBy` is read-only by design: a config that would also sign people in here, or keep
 * database sessions, fails start-up instead of half working.
 */
export function assertSessionIssuer(config: AuthConfig): void {
  const issuedBy = config.session?.issuedBy
  if (issuedBy === undefined) return
  if (!issuers.includes(issuedBy)) {
    throw new TypeError(`session.issuedBy must be ${issuers.map((i) => JSON.stringify(i)).join(" or ")} (got ${JSON.stringify(issuedBy)})`)
  }
  if (config.providers.length > 0) {
    throw new TypeError(
      `session.issuedBy "${issuedBy}": people sign in through the Next.js app, never through this API, ` +
        "so providers must be empty ([]).",
    )
  }
  if (config.session?.strategy === "database") {
    throw new TypeError(`session.issuedBy "${issuedBy}" reads JWT session cookies: remove session.strategy "database".`)
  }
}

/** NextAuth v4 takes `NEXTAUTH_SECRET`, then `AUTH_SECRET`; an explicit `secret` wins, as always. */
export function issuerSecretsFromEnv(configured: string | string[] | undefined, env: Env): string[] {
  const explicit = Array.isArray(configured) ? configured.length > 0 : Boolean(configured)
  if (!explicit && env.NEXTAUTH_SECRET) return [env.NEXTAUTH_SECRET]
  return secretsFromEnv(configured, env)
}

/** The issuer's session cookie name in place of Auth.js's; `cookies.sessionToken` overrides still apply after. */
export function issuerCookies(
  base: Record<CookieKey, CookieDef>,
  secure: boolean,
  issuedBy: SessionIssuer | undefined,
): Record<CookieKey, CookieDef> {
  if (issuedBy === undefined) return base
  const name = `${secure ? "__Secure-" : ""}next-auth.session-token`
  return { ...base, sessionToken: { ...base.sessionToken, name } }
}

/** The issuer's token codec, for whichever half the user did not replace through `jwt`. */
export function issuerCodec(issuedBy: SessionIssuer): {
  encode: (params: JWTEncodeParams) => Promise<string>
  decode: (params: JWTDecodeParams) => ReturnType<typeof decodeNextAuthV4>
} {
  switch (issuedBy) {
    case "next-auth-v4":
      return { encode: encodeNextAuthV4, decode: decodeNextAuthV4 }
  }
}
