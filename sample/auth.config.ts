import { randomBytes } from "node:crypto"
import { Logger } from "@nestjs/common"
import { MemoryRevocationStore, type AuthConfig, type Provider } from "../lib/index.js"
import Credentials from "../lib/providers/credentials.js"
import GitHub from "../lib/providers/github.js"
import Google from "../lib/providers/google.js"
import Nodemailer from "../lib/providers/nodemailer.js"
import Passkey from "../lib/providers/passkey.js"
import type { DevIdentityProviderInfo } from "./dev-identity-provider.js"
import { UsersRepository, demoLogin } from "./users.repository.js"

export const BASE_PATH = "/auth"
export const DEV_IDP_ID = "dev-idp"

export { demoLogin } from "./users.repository.js"

/**
 * The sample's Auth.js configuration, built once the embedded OpenID Provider and the dev SMTP
 * sink (`devMailServer`, an `smtp://` URL) are running. `users` is the injected users repository:
 * `authorize` and the callbacks ask it.
 */
export function createAuthConfig(
  devIdp: DevIdentityProviderInfo,
  devMailServer: string,
  users: UsersRepository = new UsersRepository(),
): AuthConfig {
  const strategy = sessionStrategy()
  const providers: Provider[] = [
    // The dev IdP vouches for any address, so linking by email is harmless here. Never allow it for
    // an IdP that does not verify email addresses.
    { id: DEV_IDP_ID, name: "Dev IdP", type: "oidc", ...devIdp, allowDangerousEmailAccountLinking: true },
    // Credentials sign-ins always make a JWT session (as in Auth.js), so the demo user is JWT-only.
    ...(strategy === "jwt"
      ? [
          Credentials({
            credentials: {
              email: { label: "Email", type: "email", placeholder: demoLogin.email },
              password: { label: "Password", type: "password" },
            },
            authorize: ({ email, password }) => users.verifyPassword(email, password),
          }),
        ]
      : []),
    // Magic links go to the dev SMTP sink (read them at /dev/mail), or to AUTH_EMAIL_SERVER when set.
    Nodemailer({
      name: "Email",
      server: process.env.AUTH_EMAIL_SERVER ? undefined : devMailServer,
      from: process.env.AUTH_EMAIL_FROM ? undefined : "nestjs-authjs sample <no-reply@localhost>",
    }),
    // Passkeys: "Create a passkey" with an address registers one; "Sign in with Passkey" (or the
    // browser's autofill) uses it. Browse http://localhost:3000: WebAuthn needs a secure context.
    Passkey,
  ]
  // Real OAuth apps join in when their credentials are in the environment (see .env.example).
  if (process.env.AUTH_GITHUB_ID) providers.push(GitHub)
  if (process.env.AUTH_GOOGLE_ID) providers.push(Google)

  return {
    secret: process.env.AUTH_SECRET ? undefined : ephemeralSecret(),
    providers,
    // Email sign-in needs somewhere to keep users and one-time tokens. The in-memory adapter forgets
    // them on restart. Sessions are encrypted cookies (JWT) unless AUTH_SESSION_STRATEGY=database,
    // which keeps them in the same adapter: a development stand-in for a real database.
    adapter: users.adapter,
    // "Sign out everywhere" for JWT sessions (the sessions page); one process, so memory will do.
    session: { strategy, revocation: MemoryRevocationStore() },
    // Auth.js keeps WebAuthn behind this switch; the passkey provider needs it.
    experimental: { enableWebAuthn: true },
    callbacks: {
      // blocked@example.com is refused, however it signs in.
      signIn: ({ user }) => users.mayUse(user.email),
      // The role goes into the session cookie at sign-in (JWT sessions).
      jwt: async ({ token, user }) => (user ? { ...token, role: await users.roleOf(user.id) } : token),
      // Expose the user's id (the token's subject, or the database user's id) and role to the app.
      session: async ({ session, token, user }) => {
        const id = token?.sub ?? user?.id
        const role = (token?.role as string | undefined) ?? (user ? await users.roleOf(user.id) : undefined)
        return { ...session, user: { ...session.user, id, role } }
      },
    },
  }
}

/** `AUTH_SESSION_STRATEGY=database`: sessions live in the (in-memory) adapter instead of the cookie. */
function sessionStrategy(): "jwt" | "database" {
  if (process.env.AUTH_SESSION_STRATEGY !== "database") return "jwt"
  new Logger("Sample").warn(
    "AUTH_SESSION_STRATEGY=database without a database: sessions are kept in memory (MemoryAdapter), " +
      "so they end when the app stops. The demo credentials user is off: credentials sign-ins are JWT-only.",
  )
  return "database"
}

/** Without AUTH_SECRET the sample (never the library) invents one, so `npm start` just works. */
function ephemeralSecret(): string {
  new Logger("Sample").warn(
    "AUTH_SECRET is not set: using a random secret for this run, so sessions end when the app stops. " +
      "Copy sample/.env.example to sample/.env to keep one.",
  )
  return randomBytes(32).toString("base64url")
}
