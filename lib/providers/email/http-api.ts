import { customFetch } from "../../core/vocabulary/custom-fetch.js"
import type { EmailConfig } from "../types.js"

/**
 * Used only when a provider is called by hand: the engine always sets `httpOptions.timeout` on
 * email providers (the config's `httpOptions`, else its 10 s default).
 */
const FALLBACK_TIMEOUT_MS = 10_000
/** How much of an API's error body goes into the logged reason. */
const MAX_REASON = 500

/** The provider's API key, or a `TypeError` naming the variable to set. */
export function apiKeyOf(provider: EmailConfig, api: string, envVariable: string): string {
  const key = provider.apiKey
  if (typeof key !== "string" || key === "") throw new TypeError(`${api}: no API key; set ${envVariable} or pass apiKey`)
  return key
}

/**
 * POSTs one request to a mail API through the provider's `[customFetch]` (else `fetch`), aborted
 * after `httpOptions.timeout`. Any answer but 2xx throws an `Error` whose message is the reason to
 * log: status and the start of the body, never the API key. The engine turns it into `EmailSignin`.
 */
export async function postToApi(provider: EmailConfig, api: string, url: string, init: RequestInit): Promise<void> {
  const send = provider[customFetch] ?? fetch
  const timeout = provider.httpOptions?.timeout ?? FALLBACK_TIMEOUT_MS
  const redact = (text: string) => (provider.apiKey ? text.split(provider.apiKey).join("[api key]") : text)
  let response: Response
  try {
    response = await send(url, { ...init, method: "POST", redirect: "error", signal: AbortSignal.timeout(timeout) })
  } catch (cause) {
    const timedOut = (cause as Error)?.name === "TimeoutError"
    const reason = timedOut ? `did not answer within ${timeout} ms` : `could not be reached (${redact(String(cause))})`
    throw new Error(`${api} ${reason}`, { cause })
  }
  // The body is read either way, so the connection can be reused; a timeout also bounds the reading.
  const body = await response.text().catch(() => "")
  if (response.ok) return
  const excerpt = redact(body.replace(/\s+/g, " ").trim().slice(0, MAX_REASON))
  throw new Error(`${api} answered ${response.status}${excerpt ? `: ${excerpt}` : ""}`)
}

/** `"Acme <no-reply@acme.com>"` → `{ name: "Acme", email: "no-reply@acme.com" }`; a bare address has no name. */
export function parseMailbox(mailbox: string): { name?: string; email: string } {
  const match = /^\s*(?:"?([^"<]*?)"?\s*)<([^<>\s]+)>\s*$/.exec(mailbox)
  if (!match) return { email: mailbox.trim() }
  const name = match[1]?.trim()
  return name ? { name, email: match[2]! } : { email: match[2]! }
}
