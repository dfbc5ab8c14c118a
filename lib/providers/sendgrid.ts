import { senderOf, signInMail } from "./email/content.js"
import { apiKeyOf, parseMailbox, postToApi } from "./email/http-api.js"
import type { EmailConfig, EmailUserConfig, SendVerificationRequestParams } from "./types.js"

/**
 * Sign in with a link sent through [SendGrid](https://sendgrid.com)'s v3 Mail Send API.
 * The API key defaults to env `AUTH_SENDGRID_KEY`; the sender (`from`, a verified sender at
 * SendGrid, `"Name <address>"` or a bare address) to `no-reply@<your site's host>`.
 *
 * @example
 * ```ts
 * import SendGrid from "nestjs-authjs/providers/sendgrid"
 * AuthModule.forRoot({ adapter, providers: [SendGrid({ from: "Acme <no-reply@acme.com>" })] })
 * ```
 */
export default function SendGrid(config?: EmailUserConfig): EmailConfig {
  return { id: "sendgrid", type: "email", name: "SendGrid", maxAge: 24 * 60 * 60, sendVerificationRequest, options: config }
}

async function sendVerificationRequest({ identifier, url, provider, theme }: SendVerificationRequestParams): Promise<void> {
  const mail = signInMail(url, theme)
  await postToApi(provider, "SendGrid", "https://api.sendgrid.com/v3/mail/send", {
    headers: {
      Authorization: `Bearer ${apiKeyOf(provider, "SendGrid", "AUTH_SENDGRID_KEY")}`,
      "Content-Type": "application/json",
    },
    body: JSON.stringify({
      personalizations: [{ to: [{ email: identifier }] }],
      // SendGrid wants the display name apart from the address.
      from: parseMailbox(senderOf(provider.from, mail.hostname)),
      subject: mail.subject,
      content: [
        { type: "text/plain", value: mail.text },
        { type: "text/html", value: mail.html },
      ],
    }),
  })
}
