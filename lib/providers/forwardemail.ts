import { senderOf, signInMail } from "./email/content.js"
import { apiKeyOf, postToApi } from "./email/http-api.js"
import type { EmailConfig, EmailUserConfig, SendVerificationRequestParams } from "./types.js"

/**
 * Sign in with a link sent through [Forward Email](https://forwardemail.net)'s API (`POST /v1/emails`).
 * The API key defaults to env `AUTH_FORWARDEMAIL_KEY`; the sender (`from`, on a domain set up at
 * Forward Email) to `no-reply@<your site's host>`.
 *
 * @example
 * ```ts
 * import ForwardEmail from "nestjs-authjs/providers/forwardemail"
 * AuthModule.forRoot({ adapter, providers: [ForwardEmail({ from: "Acme <no-reply@acme.com>" })] })
 * ```
 */
export default function ForwardEmail(config?: EmailUserConfig): EmailConfig {
  return {
    id: "forwardemail",
    type: "email",
    name: "Forward Email",
    maxAge: 24 * 60 * 60,
    sendVerificationRequest,
    options: config,
  }
}

async function sendVerificationRequest({ identifier, url, provider, theme }: SendVerificationRequestParams): Promise<void> {
  const mail = signInMail(url, theme)
  // HTTP Basic with the key as user name and no password.
  const credentials = btoa(`${apiKeyOf(provider, "Forward Email", "AUTH_FORWARDEMAIL_KEY")}:`)
  await postToApi(provider, "Forward Email", "https://api.forwardemail.net/v1/emails", {
    headers: { Authorization: `Basic ${credentials}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      from: senderOf(provider.from, mail.hostname),
      to: identifier,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
    }),
  })
}
