import type { AddressInfo } from "node:net"
import { SMTPServer } from "smtp-server"

/** One message the sink received, decoded enough to read it. */
export interface ReceivedMail {
  /** The SMTP envelope: who the client said it sends from and to. */
  from: string
  to: string[]
  /** Header names in lower case (unfolded; the first occurrence wins). */
  headers: Record<string, string>
  subject: string
  text: string
  html: string
  /** The message as it arrived, headers and MIME parts. */
  raw: string
  receivedAt: Date
}

/** Largest message accepted; a sign-in mail is a few kilobytes. */
const MAX_MESSAGE_BYTES = 256 * 1024
/** The sample keeps the latest messages only. */
const MAX_KEPT = 50

/**
 * A development SMTP server (`smtp-server`, a devDependency) that keeps what it receives in memory
 * instead of delivering it: the sample's outbox, and the tests' mail server. Plain SMTP on a
 * loopback address, no authentication, no TLS.
 */
export class MailSink {
  readonly mails: ReceivedMail[] = []
  /** Called for every mail received. */
  onMail?: (mail: ReceivedMail) => void
  private server?: SMTPServer
  private readonly waiting = new Set<() => void>()

  /** Starts listening; resolves to the transport URL, e.g. `smtp://127.0.0.1:2525`. */
  async start(host = "127.0.0.1", port = 0): Promise<string> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      size: MAX_MESSAGE_BYTES,
      onData: (stream, session, done) => {
        const chunks: Buffer[] = []
        stream.on("data", (chunk: Buffer) => chunks.push(chunk))
        stream.on("error", done)
        stream.on("end", () => {
          if (stream.sizeExceeded) return done(Object.assign(new Error("Message too large"), { responseCode: 552 }))
          const envelope = session.envelope
          const from = envelope.mailFrom ? envelope.mailFrom.address : ""
          this.receive(from, envelope.rcptTo.map((r) => r.address), Buffer.concat(chunks).toString("utf8"))
          done()
        })
      },
    })
    this.server = server
    await new Promise<void>((resolve, reject) => {
      server.server.once("error", reject)
      server.listen(port, host, () => resolve())
    })
    const address = server.server.address() as AddressInfo
    return `smtp://${host}:${address.port}`
  }

  /** Resolves with the first mail (received before or after this call) that `match` accepts. */
  waitForMail(match: (mail: ReceivedMail) => boolean = () => true, timeoutMs = 5000): Promise<ReceivedMail> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const mail = this.mails.find(match)
        if (!mail) return
        this.waiting.delete(check)
        clearTimeout(timer)
        resolve(mail)
      }
      const timer = setTimeout(() => {
        this.waiting.delete(check)
        reject(new Error(`no matching mail within ${timeoutMs} ms (${this.mails.length} received)`))
      }, timeoutMs)
      this.waiting.add(check)
      check()
    })
  }

  async close(): Promise<void> {
    const server = this.server
    this.server = undefined
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  private receive(from: string, to: string[], raw: string): void {
    const { headers, text, html } = readMessage(raw)
    const mail = { from, to, headers, subject: headers.subject ?? "", text, html, raw, receivedAt: new Date() }
    this.mails.push(mail)
    if (this.mails.length > MAX_KEPT) this.mails.shift()
    this.onMail?.(mail)
    for (const check of [...this.waiting]) check()
  }
}

/** The sign-in link of a mail: the first http(s) URL of its text part. */
export function signInLink(mail: ReceivedMail): string | undefined {
  return /https?:\/\/[^\s<>"]+/.exec(mail.text)?.[0]
}

/**
 * Just enough MIME for the mails Nodemailer writes: headers, then a single part or a
 * multipart/alternative of text and HTML, each 7bit, quoted-printable or base64.
 */
export function readMessage(raw: string): { headers: Record<string, string>; text: string; html: string } {
  const { headers, body } = splitHeaders(raw)
  const out = { headers, text: "", html: "" }
  const boundary = /boundary="?([^";]+)"?/i.exec(headers["content-type"] ?? "")?.[1]
  const parts = boundary ? body.split(`--${boundary}`).slice(1, -1).map(splitHeaders) : [{ headers, body }]
  for (const part of parts) {
    const type = (part.headers["content-type"] ?? "text/plain").toLowerCase()
    const content = decodeBody(part.body, part.headers["content-transfer-encoding"])
    if (type.startsWith("text/plain") && !out.text) out.text = content
    if (type.startsWith("text/html") && !out.html) out.html = content
  }
  return out
}

function splitHeaders(message: string): { headers: Record<string, string>; body: string } {
  const text = message.replace(/^\r?\n/, "")
  const end = text.search(/\r?\n\r?\n/)
  const head = end === -1 ? text : text.slice(0, end)
  const body = end === -1 ? "" : text.slice(end).replace(/^\r?\n\r?\n/, "")
  const headers: Record<string, string> = {}
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":")
    if (colon <= 0) continue
    const name = line.slice(0, colon).trim().toLowerCase()
    headers[name] ??= decodeWords(line.slice(colon + 1).trim())
  }
  return { headers, body }
}

function decodeBody(body: string, encoding = "7bit"): string {
  switch (encoding.toLowerCase()) {
    case "base64":
      return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")
    case "quoted-printable":
      return decodeQuotedPrintable(body)
    default:
      return body
  }
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
  return Buffer.from(bytes, "latin1").toString("utf8")
}

/** RFC 2047 encoded words (`=?UTF-8?Q?...?=`, `=?UTF-8?B?...?=`), as Nodemailer writes non-ASCII subjects. */
function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([BQ])\?([^?]*)\?=\s*/gi, (_, _charset: string, kind: string, data: string) =>
    kind.toUpperCase() === "B"
      ? Buffer.from(data, "base64").toString("utf8")
      : decodeQuotedPrintable(data.replace(/_/g, " ")),
  )
}
