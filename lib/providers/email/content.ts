import type { Theme } from "../../core/vocabulary/theme.js"

/** The sign-in mail every built-in email provider sends: subject, plain text and HTML. */
export interface SignInMail {
  /** `Sign in to <host>`. */
  subject: string
  text: string
  html: string
  /** The site's host with port, as the subject shows it. */
  host: string
  /** The site's host name, for the default sender `no-reply@<hostname>`. */
  hostname: string
}

/** The mail for sign-in link `url`, coloured with the pages' `theme`. */
export function signInMail(url: string, theme: Theme | undefined): SignInMail {
  const { host, hostname } = new URL(url)
  return {
    subject: `Sign in to ${host}`,
    text: signInText(url, host),
    html: signInHtml(url, host, theme?.brandColor, theme?.buttonText),
    host,
    hostname,
  }
}

/** `from` when set, else `no-reply@<the site's host name>` (a domain the app is likely to send for). */
export function senderOf(from: string | undefined, hostname: string): string {
  return from || `no-reply@${hostname}`
}

function signInText(url: string, host: string): string {
  return `Sign in to ${host}\n\n${url}\n\nIf you did not request this email, you can ignore it.\n`
}

const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => entities[c]!)
const plainColor = (value: unknown, fallback: string) =>
  typeof value === "string" && /^#[0-9a-f]{3,8}$/i.test(value) ? value : fallback

/** A small table layout, inline styles only: what mail clients render reliably. */
function signInHtml(url: string, host: string, brandColor: unknown, buttonText: unknown): string {
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
