import AuthjsForwardEmail from "@auth/core/providers/forwardemail"
import AuthjsLoops from "@auth/core/providers/loops"
import AuthjsMailgun from "@auth/core/providers/mailgun"
import AuthjsPostmark from "@auth/core/providers/postmark"
import AuthjsResend from "@auth/core/providers/resend"
import AuthjsSendGrid from "@auth/core/providers/sendgrid"
import { describe, expect, it } from "vitest"
import { resolveProviders } from "../../lib/core/config/providers.js"
import type { InternalEmailProvider } from "../../lib/core/config/types.js"
import { customFetch } from "../../lib/core/vocabulary/custom-fetch.js"
import { parseMailbox } from "../../lib/providers/email/http-api.js"
import ForwardEmail from "../../lib/providers/forwardemail.js"
import Loops from "../../lib/providers/loops.js"
import Mailgun from "../../lib/providers/mailgun.js"
import Postmark from "../../lib/providers/postmark.js"
import Resend from "../../lib/providers/resend.js"
import SendGrid from "../../lib/providers/sendgrid.js"
import type { EmailConfig, SendVerificationRequestParams } from "../../lib/providers/types.js"

const factories = [
  [Resend, AuthjsResend, "AUTH_RESEND_KEY"],
  [SendGrid, AuthjsSendGrid, "AUTH_SENDGRID_KEY"],
  [Postmark, AuthjsPostmark, "AUTH_POSTMARK_KEY"],
  [Mailgun, AuthjsMailgun, "AUTH_MAILGUN_KEY"],
  [Loops, AuthjsLoops, "AUTH_LOOPS_KEY"],
  [ForwardEmail, AuthjsForwardEmail, "AUTH_FORWARDEMAIL_KEY"],
] as const
const needs = (factory: unknown) => (factory === Loops ? { transactionalId: "tx" } : {})

function resolve(provider: unknown, env: Record<string, string> = {}, httpOptions?: { timeout: number }) {
  return resolveProviders([provider as never], env, { httpOptions })[0] as InternalEmailProvider
}

/** Calls `sendVerificationRequest` by hand; `answer` plays the API. Returns what was sent. */
async function send(provider: EmailConfig, answer: (url: string) => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = []
  const withFetch = { ...provider, [customFetch]: async (url: string, init: RequestInit) => (calls.push({ url, init }), answer(url)) }
  const params: SendVerificationRequestParams = {
    identifier: "a@example.com",
    url: "https://app.test/auth/callback/x?token=t&email=a%40example.com",
    expires: new Date(Date.now() + 60_000),
    token: "t",
    provider: withFetch,
    theme: {},
    request: new Request("https://app.test/auth/signin/x", { method: "POST" }),
  }
  await withFetch.sendVerificationRequest(params)
  return calls
}

describe.each(factories)("%o", (Factory, Authjs, variable) => {
  const ours = Factory(needs(Factory))
  const theirs = (Authjs as (config: object) => EmailConfig)({})

  it("has Auth.js's id, type, name and one-day links", () => {
    expect({ id: ours.id, type: ours.type, name: ours.name, maxAge: ours.maxAge }).toEqual({
      id: theirs.id,
      type: theirs.type,
      name: theirs.name,
      maxAge: theirs.maxAge,
    })
    expect(Factory().id).toBe(theirs.id) // callable without options, as our engine probes factories
  })

  it(`takes its key from ${variable}, and prefers the option`, () => {
    expect(resolve(Factory(needs(Factory)), { [variable]: "from-env" }).apiKey).toBe("from-env")
    expect(resolve(Factory({ ...needs(Factory), apiKey: "mine" }), { [variable]: "from-env" }).apiKey).toBe("mine")
  })

  it(`fails at start-up without a key, naming ${variable}`, () => {
    expect(() => resolve(Factory(needs(Factory)))).toThrow(`providers[0] (${theirs.id}) has no apiKey: set ${variable} or pass apiKey`)
  })

  it("takes the config's httpOptions unless it has its own, and checks [customFetch]", () => {
    const key = { ...needs(Factory), apiKey: "k" }
    expect(resolve(Factory(key)).httpOptions).toEqual({ timeout: 10_000 })
    expect(resolve(Factory(key), {}, { timeout: 1234 }).httpOptions).toEqual({ timeout: 1234 })
    expect(resolve(Factory({ ...key, httpOptions: { timeout: 50 } }), {}, { timeout: 1234 }).httpOptions).toEqual({ timeout: 50 })
    expect(() => resolve(Factory({ ...key, [customFetch]: "no" as never }))).toThrow("providers[0][customFetch] must be a function")
  })

  it("reports an API error by status and body, with the key masked", async () => {
    const provider = resolve(Factory({ ...needs(Factory), apiKey: "sk_secret", from: "a@mail.app.test" }))
    const failed = send(provider, () => Response.json({ message: "key sk_secret revoked" }, { status: 401 }))
    await expect(failed).rejects.toThrow(/answered 401: \{"message":"key \[api key\] revoked"\}$/)
    const unreachable = send(provider, () => Promise.reject(new TypeError("connect ECONNREFUSED sk_secret")))
    await expect(unreachable).rejects.toThrow(/could not be reached \(TypeError: connect ECONNREFUSED \[api key\]\)$/)
  })

  it("says which key is missing when called by hand without one", async () => {
    const options = { ...needs(Factory), from: "a@mail.app.test" }
    // Merged by hand: resolving would fail at start-up, before any mail.
    await expect(send({ ...Factory(options), ...options }, () => new Response())).rejects.toThrow(
      `no API key; set ${variable} or pass apiKey`,
    )
  })
})

describe("Mailgun()", () => {
  const accepted = () => Response.json({ id: "1", message: "Queued. Thank you." })

  it("sends to the EU API for region EU, to the from address's domain unless domain is given", async () => {
    const eu = resolve(Mailgun({ apiKey: "k", region: "EU", from: "Acme <auth@mg.acme.test>" }))
    const [call] = await send(eu, accepted)
    expect(call!.url).toBe("https://api.eu.mailgun.net/v3/mg.acme.test/messages")
    expect((call!.init.body as FormData).get("from")).toBe("Acme <auth@mg.acme.test>")
    const own = resolve(Mailgun({ apiKey: "k", domain: "mg.other.test", from: "auth@acme.test" }))
    expect((await send(own, accepted))[0]!.url).toBe("https://api.mailgun.net/v3/mg.other.test/messages")
  })

  it("refuses an unknown region", async () => {
    await expect(send(resolve(Mailgun({ apiKey: "k", region: "APAC" as never })), accepted)).rejects.toThrow(/region must be "US" or "EU"/)
  })
})

describe("Loops()", () => {
  it("fails at start-up without a transactionalId", () => {
    expect(() => resolve(Loops({ apiKey: "k" }))).toThrow("providers[0] (loops) has no transactionalId")
  })
})

describe("the sender", () => {
  it("defaults to no-reply@<the site's host name>, as with Nodemailer", async () => {
    const [call] = await send(resolve(Resend({ apiKey: "k" })), () => Response.json({ id: "1" }))
    expect(JSON.parse(call!.init.body as string).from).toBe("no-reply@app.test")
  })

  it.each([
    ["Acme <no-reply@acme.test>", { name: "Acme", email: "no-reply@acme.test" }],
    ['"Acme, Inc." <no-reply@acme.test>', { name: "Acme, Inc.", email: "no-reply@acme.test" }],
    ["<no-reply@acme.test>", { email: "no-reply@acme.test" }],
    ["no-reply@acme.test", { email: "no-reply@acme.test" }],
  ])("parses %s for APIs that take name and address apart", (mailbox, parsed) => {
    expect(parseMailbox(mailbox)).toEqual(parsed)
  })
})
