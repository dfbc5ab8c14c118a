import { customFetch } from "../vocabulary/custom-fetch.js"
import { resolveHttpOptions } from "./token-options.js"
import type { HttpOptions } from "../../providers/types.js"

type Draft = Record<PropertyKey, unknown> & { id: string }

/** The factories that send through an HTTP API, by id, with the variable their key defaults to. */
const API_KEY_VARIABLES: Readonly<Record<string, string>> = {
  resend: "AUTH_RESEND_KEY",
  sendgrid: "AUTH_SENDGRID_KEY",
  postmark: "AUTH_POSTMARK_KEY",
  mailgun: "AUTH_MAILGUN_KEY",
  loops: "AUTH_LOOPS_KEY",
  forwardemail: "AUTH_FORWARDEMAIL_KEY",
}

/**
 * The HTTP part of an email provider, at start-up: `httpOptions` over the config's (so a hung mail
 * API cannot hang a sign-in), a `[customFetch]` that is a function, and for the built-in API
 * senders the key (and Loops' template id) they cannot send without. Mutates the merged draft.
 */
export function resolveEmailHttp(provider: Draft, path: string, factoryId: unknown, shared: HttpOptions | undefined): void {
  const name = `${path} (${provider.id})`
  provider.httpOptions = resolveHttpOptions(provider.httpOptions, shared, path)
  if (provider[customFetch] !== undefined && typeof provider[customFetch] !== "function") {
    throw new TypeError(`${path}[customFetch] must be a function`)
  }
  const variable = typeof factoryId === "string" ? API_KEY_VARIABLES[factoryId] : undefined
  if (!variable) return
  if (typeof provider.apiKey !== "string" || provider.apiKey === "") {
    throw new TypeError(`${name} has no apiKey: set ${variable} or pass apiKey`)
  }
  if (factoryId === "loops" && (typeof provider.transactionalId !== "string" || provider.transactionalId === "")) {
    throw new TypeError(`${name} has no transactionalId: pass the id of your Loops transactional email`)
  }
}
