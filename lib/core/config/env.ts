type Env = Readonly<Record<string, string | undefined>>

/** `secret` from config, else `[AUTH_SECRET_3, AUTH_SECRET_2, AUTH_SECRET_1, AUTH_SECRET]` as set (Auth.js order). */
export function secretsFromEnv(configured: string | string[] | undefined, env: Env): string[] {
  if (Array.isArray(configured) ? configured.length > 0 : configured) {
    return Array.isArray(configured) ? [...configured] : [configured as string]
  }
  const secrets: string[] = []
  if (env.AUTH_SECRET) secrets.push(env.AUTH_SECRET)
  for (const i of [1, 2, 3]) {
    const value = env[`AUTH_SECRET_${i}`]
    if (value) secrets.unshift(value)
  }
  return secrets
}

/** `false` and `0` say no; Auth.js reads any non-empty string as yes, which turns `AUTH_TRUST_HOST=false` into trust. */
const NO = new Set(["", "false", "0"])

/**
 * Auth.js's rule: the first defined of AUTH_URL, AUTH_TRUST_HOST, VERCEL, CF_PAGES decides (a non-empty
 * value other than `false` or `0` is true); with none of them, trusted unless NODE_ENV is "production",
 * and then `inferred` (logged at boot: any client then chooses the origin through X-Forwarded-Host).
 */
export function trustHostFromEnv(configured: boolean | undefined, env: Env): { trustHost: boolean; inferred: boolean } {
  if (configured !== undefined) return { trustHost: Boolean(configured), inferred: false }
  for (const name of ["AUTH_URL", "AUTH_TRUST_HOST", "VERCEL", "CF_PAGES"]) {
    const value = env[name]
    if (value !== undefined) return { trustHost: !NO.has(value.trim().toLowerCase()), inferred: false }
  }
  return { trustHost: env.NODE_ENV !== "production", inferred: true }
}

/**
 * An `AUTH_URL` (or `NEXTAUTH_URL`) that is set but is no absolute http(s) URL: a message naming the
 * fix. Auth.js drops it silently, yet its presence still turns host trust on.
 */
export function authUrlProblem(env: Env): string | undefined {
  const name = env.AUTH_URL ? "AUTH_URL" : "NEXTAUTH_URL"
  const raw = env[name]
  if (!raw || authUrlFromEnv(env)) return undefined
  return (
    `${name} must be the absolute http(s) URL users reach this app at, such as "https://app.example.com" ` +
    `or "https://app.example.com/auth" (got ${JSON.stringify(raw)}).`
  )
}

/** `AUTH_URL` (or the legacy `NEXTAUTH_URL`) when it parses as an http(s) URL. */
export function authUrlFromEnv(env: Env): URL | undefined {
  const raw = env.AUTH_URL ?? env.NEXTAUTH_URL
  if (!raw) return undefined
  try {
    const url = new URL(raw)
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname ? url : undefined
  } catch {
    return undefined
  }
}
