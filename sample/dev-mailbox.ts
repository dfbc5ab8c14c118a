import { Controller, Get, Header, Injectable, Logger, Module } from "@nestjs/common"
import type { OnApplicationShutdown } from "@nestjs/common"
import { Public } from "../lib/index.js"
import { escapeHtml, page } from "./html.js"
import { MailSink, signInLink, type ReceivedMail } from "./mail-sink.js"

/** Where the sample's outbox can be read. */
export const MAILBOX_PATH = "/dev/mail"

/**
 * The sample's outgoing mail server: an SMTP sink on 127.0.0.1 that keeps messages in memory
 * instead of delivering them, so email sign-in works with no mail account. Read them at
 * `/dev/mail`. Development only: anyone who can open that page can use the links on it.
 */
@Injectable()
export class DevMailbox implements OnApplicationShutdown {
  readonly sink = new MailSink()
  private readonly logger = new Logger("DevMail")
  private url?: Promise<string>

  /** Starts the sink once; resolves to its `smtp://` URL. */
  start(): Promise<string> {
    this.url ??= this.listen()
    return this.url
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sink.close()
  }

  private async listen(): Promise<string> {
    const url = await this.sink.start(process.env.DEV_SMTP_HOST ?? "127.0.0.1", Number(process.env.DEV_SMTP_PORT ?? 0))
    this.sink.onMail = (mail) =>
      // The link itself stays out of the log: it signs its reader in.
      this.logger.log(`Sign-in email for ${mail.to.join(", ")}: open ${MAILBOX_PATH} on this app to read it`)
    this.logger.log(`Dev SMTP sink at ${url}: email sign-in links appear at ${MAILBOX_PATH}`)
    return url
  }
}

@Public()
@Controller(MAILBOX_PATH)
export class DevMailboxController {
  constructor(private readonly mailbox: DevMailbox) {}

  /** The outbox, newest first, with each mail's sign-in link as a button. */
  @Get()
  @Header("content-type", "text/html; charset=utf-8")
  @Header("cache-control", "no-store")
  list(): string {
    const mails = [...this.mailbox.sink.mails].reverse()
    const items = mails.length ? mails.map(mailItem).join("\n") : "<p>No mail yet. Ask for a sign-in link first.</p>"
    return page(
      "Dev mailbox",
      `<p>Mail the sample sent (kept in memory, never delivered). <a href="${MAILBOX_PATH}">Refresh</a> · <a href="/">Home</a></p>
      <ol reversed>${items}</ol>`,
      { wide: true },
    )
  }
}

function mailItem(mail: ReceivedMail): string {
  const link = signInLink(mail)
  return `<li>
  <p><strong>${escapeHtml(mail.subject)}</strong><br>to ${escapeHtml(mail.to.join(", "))}, ${mail.receivedAt.toLocaleTimeString("en-GB")}</p>
  ${link ? `<p><a class="sign-in-link" href="${escapeHtml(link)}">Open the sign-in link</a></p>` : ""}
  <pre>${escapeHtml(mail.text)}</pre>
</li>`
}

/** Makes `DevMailbox` injectable into `AuthModule.forRootAsync` and serves `/dev/mail`. */
@Module({ providers: [DevMailbox], controllers: [DevMailboxController], exports: [DevMailbox] })
export class DevMailboxModule {}
