import type { CredentialInput, CredentialsConfig } from "./types.js"

/** What `Credentials({...})` accepts: every field is optional except, in practice, `authorize`. */
export type CredentialsUserConfig<C extends Record<string, CredentialInput> = Record<string, CredentialInput>> =
  Partial<Omit<CredentialsConfig<C>, "type" | "options">>

/**
 * Sign in with a form your app checks itself, e.g. a username and password.
 *
 * `authorize` returns the user, or `null` to refuse (`?error=CredentialsSignin&code=credentials`).
 * Throw a subclass of `CredentialsSignin` with its own `code` to tell the sign-in page why. The
 * session is always a JWT cookie, even with a database adapter (as in Auth.js).
 *
 * @example
 * ```ts
 * import Credentials from "nestjs-authjs/providers/credentials"
 * Credentials({
 *   credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
 *   authorize: async ({ email, password }) => (await users.check(email, password)) ?? null,
 * })
 * ```
 */
export default function Credentials<C extends Record<string, CredentialInput> = Record<string, CredentialInput>>(
  config?: CredentialsUserConfig<C>,
): CredentialsConfig<C> {
  return {
    id: "credentials",
    name: "Credentials",
    type: "credentials",
    credentials: {} as C,
    authorize: () => null,
    options: config,
  }
}
