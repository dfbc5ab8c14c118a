import { senderOf, signInMail } from "./email/content.js"
import { apiKeyOf, parseMailbox, postToApi } from "./email/http-api.js"
import type { EmailConfig, EmailUserConfig, SendVerificationRequestParams } from "./types.js"

/** What `Mailgun({...})` accepts. */
export interface MailgunUserConfig extends EmailUserConfig {
  /** Where the Mailgun account lives: `"US"` (api.mailgun.net, default) or `"EU"` (api.eu.mailgun.net). */
  region?: "US" | "EU"
  /** The Mailgun sending domain (an extension). Default: the domain of the `from` address, as in Auth.js. */
  domain?: string
}

export interface MailgunConfig extends EmailConfig {
  region?: "US" | "EU"
  domain?: string
  options?: MailgunUserConfig
}

const API_HOSTS = { US: "api.mailgun.net", EU: "api.eu.mailgun.net" } as const

/**
 * Sign in with a link sent through [Mailgun](https://www.mailgun.com)'s Messages API (a multipart
 * form, as Mailgun documents it). The API key defaults to env `AUTH_MAILGUN_KEY`; the sender
 * (`from`) to `no-reply@<your site's host>`. A bare address is sent as `<provider name> <address>`.
 *
 * @example
 * ```ts
 * import Mailgun from "nestjs-authjs/providers/mailgun"
 * AuthModule.forRoot({ adapter, providers: [Mailgun({ from: "no-reply@mg.acme.com", region: "EU" })] })
 * ```
 */
export default function Mailgun(config?: MailgunUserConfig): MailgunConfig {
  return { id: "mailgun", type: "email", name: "Mailgun", maxAge: 24 * 60 * 60, sendVerificationRequest, options: config }
}

async function sendVerificationRequest({ identifier, url, provider, theme }: SendVerificationRequestParams): Promise<void> {
  const { region = "US", domain } = provider as MailgunConfig
  const host = API_HOSTS[region]
  if (!host) throw new TypeError(`Mailgun: region must be "US" or "EU" (got ${JSON.stringify(region)})`)
  const mail = signInMail(url, theme)
  const sender = senderOf(provider.from, mail.hostname)
  const mailbox = parseMailbox(sender)
  const sendingDomain = domain || mailbox.email.split("@")[1]
  if (!sendingDomain) throw new TypeError("Mailgun: no sending domain; pass domain or a from address with a domain")

  const form = new FormData()
  form.append("from", mailbox.name ? sender : `${provider.name} <${mailbox.email}>`)
  form.append("to", identifier)
  form.append("subject", mail.subject)
  form.append("html", mail.html)
  form.append("text", mail.text)
  const credentials = btoa(`api:${apiKeyOf(provider, "Mailgun", "AUTH_MAILGUN_KEY")}`)
  await postToApi(provider, "Mailgun", `https://${host}/v3/${encodeURIComponent(sendingDomain)}/messages`, {
    headers: { Authorization: `Basic ${credentials}` },
    body: form,
  })
}
