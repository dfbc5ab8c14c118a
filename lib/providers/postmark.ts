import { senderOf, signInMail } from "./email/content.js"
import { apiKeyOf, postToApi } from "./email/http-api.js"
import type { EmailConfig, EmailUserConfig, SendVerificationRequestParams } from "./types.js"

/**
 * Sign in with a link sent through [Postmark](https://postmarkapp.com)'s email API, on the
 * `outbound` message stream. The server token defaults to env `AUTH_POSTMARK_KEY`; the sender
 * (`from`, a confirmed sender signature) to `no-reply@<your site's host>`.
 *
 * @example
 * ```ts
 * import Postmark from "nestjs-authjs/providers/postmark"
 * AuthModule.forRoot({ adapter, providers: [Postmark({ from: "Acme <no-reply@acme.com>" })] })
 * ```
 */
export default function Postmark(config?: EmailUserConfig): EmailConfig {
  return { id: "postmark", type: "email", name: "Postmark", maxAge: 24 * 60 * 60, sendVerificationRequest, options: config }
}

async function sendVerificationRequest({ identifier, url, provider, theme }: SendVerificationRequestParams): Promise<void> {
  const mail = signInMail(url, theme)
  await postToApi(provider, "Postmark", "https://api.postmarkapp.com/email", {
    headers: {
      Accept: "application/json",
      "Content-Type": "application/json",
      "X-Postmark-Server-Token": apiKeyOf(provider, "Postmark", "AUTH_POSTMARK_KEY"),
    },
    body: JSON.stringify({
      From: senderOf(provider.from, mail.hostname),
      To: identifier,
      Subject: mail.subject,
      TextBody: mail.text,
      HtmlBody: mail.html,
      MessageStream: "outbound",
    }),
  })
}
