import type { AuthConfig } from "../../lib/core/config/types.js"
import type { User } from "../../lib/core/vocabulary/models.js"
import Credentials from "../../lib/providers/credentials.js"

/** A fixed test secret (32 random-looking bytes, base64url). */
export const TEST_SECRET = "Yx3bC1u0b7pZ4jv6d0x9Wf2kq8s5n1m3r7t2v6y9a4E"

export const demoUser = { id: "user-1", name: "Alice Demo", email: "alice@example.com" } satisfies User

/** A credentials provider that accepts alice@example.com / "wonderland" only. */
export function demoCredentials() {
  return Credentials({
    credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
    authorize: async (input) =>
      input.email === demoUser.email && input.password === "wonderland" ? { ...demoUser } : null,
  })
}

/** A complete config for Nest-level tests; override any field. */
export function nestAuthConfig(overrides: Partial<AuthConfig> = {}): AuthConfig {
  return { secret: TEST_SECRET, trustHost: true, providers: [demoCredentials()], ...overrides }
}
