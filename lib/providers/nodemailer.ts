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
  const { host, hostname } = new URL(url)
  const transport = (await loadCreateTransport())(server)
  try {
    const result = await transport.sendMail({
      to: identifier,
      from: provider.from || `no-reply@${hostname}`,
      subject: `Sign in to ${host}`,
      text: textBody(url, host),
      html: htmlBody(url, host, theme?.brandColor, theme?.buttonText),
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

function textBody(url: string, host: string): string {
  return `Sign in to ${host}\n\n${url}\n\nIf you did not request this email, you can ignore it.\n`
}

const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => entities[c]!)
const plainColor = (value: unknown, fallback: string) =>
  typeof value === "string" && /^#[0-9a-f]{3,8}$/i.test(value) ? value : fallback

/** A small table layout, inline styles only: what mail clients render reliably. */
function htmlBody(url: string, host: string, brandColor: unknown, buttonText: unknown): string {
  const brand = plainColor(brandColor, "#346df1")
  const text = plainColor(buttonText, "#ffffff")
  // A zero-width space after each dot keeps mail clients from turning the host into a link.
  const site = escape(host).replace(/\./g, "&#8203;.")
  const link = escape(url)
  return `<body style="margin: 0; padding: 24px; background: #f3f4f6; font-family: Helvetica, Arial, sans-serif;">
<table width="100%" border="0" cellspacing="0" cellpadding="0" role="presentation"
  style="max-width: 600px; margin: auto; background: #ffffff; border-radius: 10px; border-top: 4px solid ${brand};">
  <tr><td align="center" style="padding: 24px 16px 8px; font-size: 22px; color: #111827;">
    Sign in to <strong>${site}</strong>
  </td></tr>
  <tr><td align="center" style="padding: 16px;">
    <a href="${link}" target="_blank" style="display: inline-block; padding: 12px 24px; border-radius: 6px;
      background: ${brand}; color: ${text}; font-size: 18px; font-weight: bold; text-decoration: none;">Sign in</a>
  </td></tr>
  <tr><td align="center" style="padding: 8px 16px 24px; font-size: 14px; color: #4b5563;">
    If you did not request this email, you can ignore it.
  </td></tr>
</table>
</body>`
}
