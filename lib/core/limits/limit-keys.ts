import { createHmac } from "node:crypto"
import type { IdentifyCredentials } from "../vocabulary/limits.js"

/** Credentials fields that name an account, in the order they are looked for. */
const IDENTIFIER_FIELDS = ["email", "username", "identifier", "login", "user"]
/** Longer values are cut before hashing: no one's login is this long, an attack string may be. */
const MAX_IDENTIFIER = 320

/**
 * The account a credentials form names: the app's `identify` hook when given, else the first
 * identifier-like field the provider declares (or, when it declares none of those, the first one
 * that is not a password). Trimmed and lower-cased so `Bob@x` and ` bob@x` share one count.
 */
export function credentialsIdentifier(
  credentials: Readonly<Record<string, unknown>>,
  providerId: string,
  fields: CredentialFields | undefined,
  identify: IdentifyCredentials | undefined,
): string | undefined {
  const raw = identify ? identify(credentials, providerId) : credentials[identifierField(fields)]
  if (typeof raw !== "string") return undefined
  const value = raw.normalize("NFKC").trim().toLowerCase().slice(0, MAX_IDENTIFIER)
  return value === "" ? undefined : value
}

/** A credentials provider's `credentials`: field names to their inputs (`{ label, type, ... }`). */
export type CredentialFields = Readonly<Record<string, object | undefined>>

function identifierField(fields: CredentialFields | undefined): string {
  const names = Object.keys(fields ?? {})
  const named = IDENTIFIER_FIELDS.find((name) => names.includes(name))
  if (named) return named
  const isPassword = (name: string) => name === "password" || (fields?.[name] as { type?: unknown } | undefined)?.type === "password"
  return names.find((name) => !isPassword(name)) ?? "email"
}

/**
 * An identifier as it appears in store keys, logs and events: an HMAC under the secret, so the
 * same account maps to the same key on every instance, yet a leaked key or log line does not
 * give the address away (a plain hash of an email is easy to reverse from a list of addresses).
 */
export function hashIdentifier(secret: string, identifier: string): string {
  return createHmac("sha256", secret).update(identifier).digest("base64url").slice(0, 22)
}

/** `req.ip` as one string per client: an IPv4 address seen through an IPv6 socket counts as itself. */
export function clientKey(address: string | undefined): string | undefined {
  if (!address) return undefined
  const plain = address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address
  // A bounded, printable key: anything else is not an address the bridge produced.
  return /^[0-9A-Za-z.:%_-]{1,64}$/.test(plain) ? plain.toLowerCase() : undefined
}
