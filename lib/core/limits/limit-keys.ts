import { createHmac } from "node:crypto"
import { isIPv4, isIPv6 } from "node:net"
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

/**
 * `req.ip` as one string per client: an IPv4 address as itself (also when seen through an IPv6
 * socket), an IPv6 address as its network of `ipv6Subnet` bits (`2001:db8:0:ab00::/56`), since one
 * subscriber holds a whole prefix and could take a fresh address for every attempt. 128: per address.
 */
export function clientKey(address: string | undefined, ipv6Subnet = 128): string | undefined {
  if (!address) return undefined
  const plain = address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address
  if (isIPv4(plain)) return plain
  // The zone (`fe80::1%eth0`) names the server's interface, not the client.
  const groups = ipv6Groups(plain.split("%")[0]!)
  if (!groups) return undefined // not an address the bridge produced
  if (ipv6Subnet >= 128) return formatIPv6(groups)
  return `${formatIPv6(maskGroups(groups, ipv6Subnet))}/${ipv6Subnet}`
}

/** The eight 16-bit groups of an IPv6 address, or null. */
function ipv6Groups(text: string): number[] | null {
  if (!isIPv6(text)) return null
  const [left, right] = canonicalIPv6(text).split("::") as [string, string | undefined]
  const parse = (part: string | undefined) => (part ? part.split(":").map((group) => parseInt(group, 16)) : [])
  const leftGroups = parse(left)
  const rightGroups = parse(right)
  if (right === undefined) return leftGroups
  return [...leftGroups, ...new Array<number>(8 - leftGroups.length - rightGroups.length).fill(0), ...rightGroups]
}

function maskGroups(groups: number[], bits: number): number[] {
  return groups.map((group, index) => {
    const keep = Math.min(16, Math.max(0, bits - index * 16))
    return keep === 0 ? 0 : group & (0xffff << (16 - keep)) & 0xffff
  })
}

function formatIPv6(groups: number[]): string {
  return canonicalIPv6(groups.map((group) => group.toString(16)).join(":"))
}

/**
 * RFC 5952 text, as the URL standard writes a host: lower case, no leading zeros, an IPv4 tail in hex,
 * the first longest run of two or more zero groups as `::`.
 */
function canonicalIPv6(text: string): string {
  return new URL(`http://[${text}]/`).hostname.slice(1, -1)
}
