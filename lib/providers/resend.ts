import { senderOf, signInMail } from "./email/content.js"
import { apiKeyOf, postToApi } from "./email/http-api.js"
import type { EmailConfig, EmailUserConfig, SendVerificationRequestParams } from "./types.js"

/**
 * Sign in with a link sent through [Resend](https://resend.com)'s HTTP API (`POST /emails`).
 * The API key defaults to env `AUTH_RESEND_KEY`; the sender (`from`, a domain verified at Resend)
 * to `no-reply@<your site's host>`. Needs an adapter (users and verification tokens).
 *
 * @example
 * ```ts
 * import Resend from "nestjs-authjs/providers/resend"
 * AuthModule.forRoot({ adapter, providers: [Resend({ from: "Acme <no-reply@acme.com>" })] })
 * ```
 */
export default function Resend(config?: EmailUserConfig): EmailConfig {
  return { id: "resend", type: "email", name: "Resend", maxAge: 24 * 60 * 60, sendVerificationRequest, options: config }
}

async function sendVerificationRequest({ identifier, url, provider, theme }: SendVerificationRequestParams): Promise<void> {
  const mail = signInMail(url, theme)
  await postToApi(provider, "Resend", "https://api.resend.com/emails", {
    headers: {
      Authorization: `Bearer ${apiKeyOf(provider, "Resend", "AUTH_RESEND_KEY")}`,
      "Content-Type": "application/json",
    },
    body: JSON.stringify({
      from: senderOf(provider.from, mail.hostname),
      to: identifier,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
    }),
  })
}
