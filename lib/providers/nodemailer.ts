import { senderOf, signInMail } from "./email/content.js"
import type { EmailConfig, EmailUserConfig, SendVerificationRequestParams } from "./types.js"

/** What `Nodemailer({...})` accepts. */
export interface NodemailerUserConfig extends EmailUserConfig {
  /**
   * Where mail goes: an SMTP URL (`smtp://user:pass@smtp.example.com:587`) or a Nodemailer
   * transport options object. Default: env `AUTH_EMAIL_SERVER`, then `EMAIL_SERVER`.
   */
  server?: string | Record<string, unknown>
  /** Sender address. Default: env `AUTH_EMAIL_FROM`/`EMAIL_FROM`, else `no-reply@<your site's host>`. */
  from?: string
}

export interface NodemailerConfig extends EmailConfig {
  server?: string | Record<string, unknown>
  options?: NodemailerUserConfig
}

/** The part of nodemailer this provider uses (it is an optional peer, so no types are imported). */
interface MailTransport {
  sendMail(message: Record<string, unknown>): Promise<{ rejected?: unknown[]; pending?: unknown[] }>
  close?(): void
}
type CreateTransport = (server: unknown) => MailTransport

/**
 * Sign in with a link sent over SMTP by [Nodemailer](https://nodemailer.com).
 *
 * `nodemailer` is an optional peer dependency: install it next to this package
 * (`npm install nodemailer`). It is loaded the first time a mail is sent. Email sign-in needs an
 * adapter (users and verification tokens); the session may still be a JWT.
 *
 * @example
 * ```ts
 * import Nodemailer from "nestjs-authjs/providers/nodemailer"
 * AuthModule.forRoot({
 *   adapter,                    // e.g. @auth/pg-adapter
 *   session: { strategy: "jwt" },
 *   providers: [Nodemailer({ server: process.env.EMAIL_SERVER, from: "Acme <no-reply@acme.com>" })],
 * })
 * ```
 */
export default function Nodemailer(config?: NodemailerUserConfig): NodemailerConfig {
  return {
    id: "nodemailer",
    type: "email",
    name: "Nodemailer",
    // DEFAULT_EMAIL_MAX_AGE (core/config/defaults.ts), written out: provider files import only types.
    maxAge: 24 * 60 * 60,
    sendVerificationRequest,
    options: config,
  }
}

async function sendVerificationRequest(params: SendVerificationRequestParams): Promise<void> {
  const { identifier, url, provider, theme } = params
  const server = (provider as NodemailerConfig).server
  if (server === undefined || server === "") {
    throw new TypeError("The Nodemailer provider has no server: set AUTH_EMAIL_SERVER or pass server")
  }
  const { subject, text, html, hostname } = signInMail(url, theme)
  const transport = (await loadCreateTransport())(server)
  try {
    const result = await transport.sendMail({
      to: identifier,
      from: senderOf(provider.from, hostname),
      subject,
      text,
      html,
    })
    const failed = [...(result.rejected ?? []), ...(result.pending ?? [])].filter(Boolean)
    if (failed.length > 0) throw new Error("The mail server did not accept the recipient")
  } finally {
    transport.close?.()
  }
}

async function loadCreateTransport(): Promise<CreateTransport> {
  let loaded: { createTransport?: unknown; default?: { createTransport?: unknown } }
  try {
    loaded = await import("nodemailer")
  } catch (cause) {
    throw new Error("The Nodemailer provider needs the nodemailer package: npm install nodemailer", { cause })
  }
  const createTransport = loaded.createTransport ?? loaded.default?.createTransport
  if (typeof createTransport !== "function") throw new Error("nodemailer has no createTransport function")
  return createTransport as CreateTransport
}
