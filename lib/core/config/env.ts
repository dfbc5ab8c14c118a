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

/**
 * Auth.js's rule: the first defined of AUTH_URL, AUTH_TRUST_HOST, VERCEL, CF_PAGES decides (any non-empty
 * string is true, so `AUTH_TRUST_HOST=false` means trusted — kept for env compatibility); with none of them,
 * trusted unless NODE_ENV is "production".
 */
export function trustHostFromEnv(configured: boolean | undefined, env: Env): { trustHost: boolean; inferred: boolean } {
  if (configured !== undefined) return { trustHost: Boolean(configured), inferred: false }
  for (const name of ["AUTH_URL", "AUTH_TRUST_HOST", "VERCEL", "CF_PAGES"]) {
    const value = env[name]
    if (value !== undefined) return { trustHost: value !== "", inferred: false }
  }
  return { trustHost: env.NODE_ENV !== "production", inferred: true }
}

/** `AUTH_URL` (or the legacy `NEXTAUTH_URL`) when it parses as an http(s) URL. */
export function authUrlFromEnv(env: Env): URL | undefined {
  const raw = env.AUTH_URL ?? env.NEXTAUTH_URL
  if (!raw) return undefined
  try {
    const url = new URL(raw)
    return url.protocol === "http:" || url.protocol === "https:" ? url : undefined
  } catch {
    return undefined
  }
}
