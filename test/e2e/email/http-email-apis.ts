// The six mail APIs the HTTP email providers call, as their documentation describes them: the
// route, the provider configured for it, a success and an error answer, and a reader that checks
// one captured request's headers and body and returns the sign-in link it carried.
import { expect } from "vitest"
import { customFetch, type CustomFetch } from "../../../lib/core/vocabulary/custom-fetch.js"
import type { Theme } from "../../../lib/core/vocabulary/theme.js"
import { signInMail } from "../../../lib/providers/email/content.js"
import ForwardEmail from "../../../lib/providers/forwardemail.js"
import Loops from "../../../lib/providers/loops.js"
import Mailgun from "../../../lib/providers/mailgun.js"
import Postmark from "../../../lib/providers/postmark.js"
import Resend from "../../../lib/providers/resend.js"
import SendGrid from "../../../lib/providers/sendgrid.js"
import type { EmailConfig } from "../../../lib/providers/types.js"
import type { ApiAnswer, ApiRequest } from "../../utils/api-stand-in.js"

export const FROM = "Test App <auth@app.test>"

export interface MailApi {
  id: string
  /** What the provider's messages call the API. */
  name: string
  key: string
  /** `METHOD https://host/path` of the API's send endpoint. */
  route: string
  provider(send: CustomFetch): EmailConfig
  accepted: ApiAnswer
  /** A 4xx answer as the API documents it; its message echoes the key, which must not reach the log. */
  rejected: ApiAnswer
  /** Checks headers and body against the documented shape; returns the sign-in link. */
  read(request: ApiRequest, to: string, theme: Theme): Promise<string>
}

const json = (request: ApiRequest) => {
  expect(request.headers["content-type"]).toBe("application/json")
  return JSON.parse(request.body) as Record<string, any>
}
const bearer = (key: string) => `Bearer ${key}`
const basic = (userPass: string) => `Basic ${Buffer.from(userPass).toString("base64")}`
/** The link as our plain-text body carries it. */
const linkIn = (text: unknown) => /https?:\/\/\S+/.exec(String(text))?.[0] ?? ""

export const mailApis: MailApi[] = [
  {
    id: "resend",
    name: "Resend",
    key: "re_test_123",
    route: "POST https://api.resend.com/emails",
    provider: (send) => Resend({ apiKey: "re_test_123", from: FROM, [customFetch]: send }),
    accepted: { json: { id: "49a3999c-0ce1-4ea6-ab68-afcd6dc2e794" } },
    rejected: { status: 422, json: { statusCode: 422, name: "validation_error", message: "API key re_test_123 may not send from app.test" } },
    async read(request, to, theme) {
      expect(request.headers.authorization).toBe(bearer(this.key))
      const body = json(request)
      const mail = signInMail(linkIn(body.text), theme)
      expect(body).toEqual({ from: FROM, to, subject: mail.subject, html: mail.html, text: mail.text })
      return linkIn(body.text)
    },
  },
  {
    id: "sendgrid",
    name: "SendGrid",
    key: "SG.test-key",
    route: "POST https://api.sendgrid.com/v3/mail/send",
    provider: (send) => SendGrid({ apiKey: "SG.test-key", from: FROM, [customFetch]: send }),
    accepted: { status: 202, body: "" },
    rejected: { status: 400, json: { errors: [{ message: "SG.test-key: from address is not a verified Sender Identity", field: "from", help: null }] } },
    async read(request, to, theme) {
      expect(request.headers.authorization).toBe(bearer(this.key))
      const body = json(request)
      const link = linkIn(body.content?.[0]?.value)
      const mail = signInMail(link, theme)
      expect(body).toEqual({
        personalizations: [{ to: [{ email: to }] }],
        from: { email: "auth@app.test", name: "Test App" },
        subject: mail.subject,
        content: [
          { type: "text/plain", value: mail.text },
          { type: "text/html", value: mail.html },
        ],
      })
      return link
    },
  },
  {
    id: "postmark",
    name: "Postmark",
    key: "pm-server-token",
    route: "POST https://api.postmarkapp.com/email",
    provider: (send) => Postmark({ apiKey: "pm-server-token", from: FROM, [customFetch]: send }),
    accepted: { json: { To: "x", SubmittedAt: "2026-12-04T00:00:00Z", MessageID: "b7bc2f4a", ErrorCode: 0, Message: "OK" } },
    rejected: { status: 422, json: { ErrorCode: 10, Message: "Bad or missing Server API token pm-server-token" } },
    async read(request, to, theme) {
      expect(request.headers["x-postmark-server-token"]).toBe(this.key)
      expect(request.headers.accept).toBe("application/json")
      expect(request.headers.authorization).toBeUndefined()
      const body = json(request)
      const mail = signInMail(linkIn(body.TextBody), theme)
      expect(body).toEqual({
        From: FROM,
        To: to,
        Subject: mail.subject,
        TextBody: mail.text,
        HtmlBody: mail.html,
        MessageStream: "outbound",
      })
      return linkIn(body.TextBody)
    },
  },
  {
    id: "mailgun",
    name: "Mailgun",
    key: "mg-key",
    route: "POST https://api.mailgun.net/v3/mg.app.test/messages",
    provider: (send) => Mailgun({ apiKey: "mg-key", from: "auth@mg.app.test", [customFetch]: send }),
    accepted: { json: { id: "<20261204.1@mg.app.test>", message: "Queued. Thank you." } },
    rejected: { status: 401, body: "Forbidden: mg-key", contentType: "text/plain" },
    async read(request, to, theme) {
      expect(request.headers.authorization).toBe(basic(`api:${this.key}`))
      expect(request.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/)
      const form = await new Response(request.body, { headers: { "content-type": request.headers["content-type"]! } }).formData()
      const mail = signInMail(linkIn(form.get("text")), theme)
      // A bare sender address goes out under the provider's name, as in Auth.js.
      const fields: Record<string, unknown> = {}
      // multipart/form-data sends line breaks as CRLF (the HTML form encoding), as Auth.js's FormData does.
      const field = (value: unknown) => String(value).replace(/\r\n/g, "\n")
      form.forEach((value, name) => void (fields[name] = fields[name] === undefined ? field(value) : [fields[name], field(value)].flat()))
      expect(fields).toEqual({ from: "Mailgun <auth@mg.app.test>", to, subject: mail.subject, html: mail.html, text: mail.text })
      return linkIn(form.get("text"))
    },
  },
  {
    id: "loops",
    name: "Loops",
    key: "loops-key",
    route: "POST https://app.loops.so/api/v1/transactional",
    provider: (send) => Loops({ apiKey: "loops-key", transactionalId: "tx-sign-in", [customFetch]: send }),
    accepted: { json: { success: true } },
    rejected: { status: 404, json: { success: false, message: "Transactional email not found (key loops-key)" } },
    async read(request, to) {
      expect(request.headers.authorization).toBe(bearer(this.key))
      const body = json(request)
      expect(body).toEqual({ transactionalId: "tx-sign-in", email: to, dataVariables: { url: expect.any(String) } })
      return body.dataVariables.url as string
    },
  },
  {
    id: "forwardemail",
    name: "Forward Email",
    key: "fe-key",
    route: "POST https://api.forwardemail.net/v1/emails",
    provider: (send) => ForwardEmail({ apiKey: "fe-key", from: FROM, [customFetch]: send }),
    accepted: { json: { id: "6569a8a8", object: "email", status: "queued" } },
    rejected: { status: 400, json: { statusCode: 400, error: "Bad Request", message: "Domain of fe-key is not verified" } },
    async read(request, to, theme) {
      expect(request.headers.authorization).toBe(basic(`${this.key}:`))
      const body = json(request)
      const mail = signInMail(linkIn(body.text), theme)
      expect(body).toEqual({ from: FROM, to, subject: mail.subject, html: mail.html, text: mail.text })
      return linkIn(body.text)
    },
  },
]
