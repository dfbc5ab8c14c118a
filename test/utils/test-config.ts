import { resolveConfig } from "../../lib/core/config/resolve.js"
import type { AuthConfig, ResolvedConfig } from "../../lib/core/config/types.js"
import Credentials from "../../lib/providers/credentials.js"

export const AUTH_SECRET = "test-secret-0123456789abcdefghijklmnopqrstuvwxyz"
export const SESSION_COOKIE = "authjs.session-token"
export const SECURE_SESSION_COOKIE = "__Secure-authjs.session-token"
export const CSRF_COOKIE = "authjs.csrf-token"
export const CALLBACK_URL_COOKIE = "authjs.callback-url"

/** The demo user every credentials test signs in as. */
export const alice = { id: "user-alice", name: "Alice", email: "alice@example.com", image: "https://example.com/a.png" }

/** A credentials provider accepting alice / "wonderland". */
export const aliceCredentials = Credentials({
  credentials: { username: { label: "Username" }, password: { label: "Password", type: "password" } },
  authorize: async (c) => (c.username === "alice" && c.password === "wonderland" ? { ...alice } : null),
})

/** A silent logger that remembers what it was told. */
export function recordingLogger() {
  const errors: Error[] = []
  const warnings: string[] = []
  /** Every error and warning in order, as one line each: `<name>: <message>` or `<code>: <detail>`. */
  const lines: Array<{ level: "error" | "warn"; text: string }> = []
  return {
    errors,
    warnings,
    lines,
    logger: {
      error: (e: Error) => {
        errors.push(e)
        lines.push({ level: "error", text: `${e.name}: ${e.message} ${String((e.cause as Error | undefined)?.message ?? "")}` })
      },
      warn: (c: string, detail?: string | Record<string, unknown>) => {
        warnings.push(c)
        const text = detail === undefined ? c : `${c}: ${typeof detail === "string" ? detail : JSON.stringify(detail)}`
        lines.push({ level: "warn", text })
      },
      debug: () => {},
    },
  }
}

/** A resolved config for tests: a fixed secret, trusted host, credentials provider, silent logger. */
export function testConfig(overrides: Partial<AuthConfig> = {}, env: Record<string, string | undefined> = {}): ResolvedConfig {
  return resolveConfig(
    {
      secret: AUTH_SECRET,
      trustHost: true,
      providers: [aliceCredentials],
      logger: recordingLogger().logger,
      ...overrides,
    },
    env,
  )
}
