import { cookieValue, expireCookie, parseCookiesNamed } from "../cookies.js"
import type { CookieDef } from "../vocabulary/http.js"
import type { SetCookie } from "../vocabulary/http.js"

/**
 * Characters of value per session cookie: a 4096-byte browser limit minus Auth.js's estimate of
 * 160 bytes for the name and attributes (§3.3).
 */
export const SESSION_CHUNK_SIZE = 3936

// A browser never sends this much for one session; a hand-made Cookie header might, and must not
// buy unbounded sorting and joining (or a multi-megabyte string handed to the decoder).
const MAX_CHUNKS = 64
/** The longest session token accepted, from cookies or as a bearer token. */
export const MAX_SESSION_TOKEN_LENGTH = 64 * 1024

const CHUNK_SUFFIX = /^(?:0|[1-9]\d{0,8})$/

export interface SessionCookieRead {
  /** The reassembled value; undefined when there is none (or the request looks hostile). */
  value: string | undefined
  /** Every session cookie name (plain or chunk) the request carried: what a rewrite must delete. */
  names: string[]
}

/**
 * `readSessionCookie(parseCookiesNamed(header, name), name)`, without building either when the header
 * has the usual shape: at most one `<name>=` and no other cookie whose name starts with `<name>`
 * (chunks, duplicates and look-alikes take the general path). The session check runs on every request.
 */
export function readSessionCookieFromHeader(header: string | undefined, name: string): SessionCookieRead {
  if (!header || !name) return { value: undefined, names: [] }
  let raw: string | undefined
  for (let start = 0; start <= header.length; ) {
    let end = header.indexOf(";", start)
    if (end === -1) end = header.length
    let at = start
    while (at < end && (header[at] === " " || header[at] === "\t")) at++
    if (header.startsWith(name, at)) {
      at += name.length
      while (at < end && (header[at] === " " || header[at] === "\t")) at++
      if (header[at] !== "=" || raw !== undefined) return readSessionCookie(parseCookiesNamed(header, name), name)
      raw = header.slice(at + 1, end)
    }
    start = end + 1
  }
  if (raw === undefined) return { value: undefined, names: [] }
  const value = cookieValue(raw)
  return { value: value !== "" && value.length <= MAX_SESSION_TOKEN_LENGTH ? value : undefined, names: [name] }
}

/** `-1` for the plain name, the chunk index for `<name>.<n>`, undefined for anything else. */
function chunkIndex(cookieName: string, name: string): number | undefined {
  if (cookieName === name) return -1
  if (cookieName.length <= name.length + 1 || !cookieName.startsWith(name) || cookieName[name.length] !== ".") {
    return undefined
  }
  const suffix = cookieName.slice(name.length + 1)
  return CHUNK_SUFFIX.test(suffix) ? Number(suffix) : undefined
}

/**
 * Reads the (possibly chunked) session cookie. Only `<name>` and `<name>.<n>` count, so an
 * unrelated `<name>-x` cookie is not swept in (Auth.js's prefix match would, §3.3 QUIRK).
 */
export function readSessionCookie(cookies: Readonly<Record<string, unknown>>, name: string): SessionCookieRead {
  const found: Array<{ name: string; index: number; value: string }> = []
  for (const cookieName in cookies) {
    const index = chunkIndex(cookieName, name)
    if (index === undefined) continue
    const value = cookies[cookieName]
    found.push({ name: cookieName, index, value: typeof value === "string" ? value : "" })
    if (found.length > MAX_CHUNKS) break
  }
  if (found.length === 1) {
    // The usual case, one unchunked cookie: the same answer as below without sorting and joining.
    const { name: only, index, value } = found[0]!
    const whole = index <= 0 && value !== "" && value.length <= MAX_SESSION_TOKEN_LENGTH
    return { value: whole ? value : undefined, names: [only] }
  }
  found.sort((a, b) => a.index - b.index)
  const names = found.slice(0, MAX_CHUNKS).map((c) => c.name)
  if (found.length > MAX_CHUNKS) return { value: undefined, names }
  // Only a whole chunk set is a session: `.0 … .<n-1>` with no hole and no plain cookie beside it.
  // Auth.js joins whatever it finds in suffix order, so genuine chunks renumbered with a hole would
  // still read; a hole or a leftover means the set was not written as one, so it is no cookie (and
  // the caller expires every name). See docs/authjs-compatibility.md.
  if (!found.every((chunk, i) => chunk.index === i)) return { value: undefined, names }
  let total = 0
  const parts: string[] = []
  for (const chunk of found) {
    if (chunk.value === "") continue
    total += chunk.value.length
    if (total > MAX_SESSION_TOKEN_LENGTH) return { value: undefined, names }
    parts.push(chunk.value)
  }
  return { value: parts.length > 0 ? parts.join("") : undefined, names }
}

/**
 * The Set-Cookie list that stores `value` as the session: deletions for the request's session
 * cookies that the new value does not overwrite, then the cookie, or `.0 .1 …` chunks when the
 * value is longer than one chunk. Every new cookie gets `expires` and the definition's options.
 */
export function writeSessionCookie(
  value: string,
  def: CookieDef,
  presentNames: readonly string[],
  expires: Date,
): SetCookie[] {
  const options = { ...def.options, expires }
  const written: SetCookie[] = []
  if (value.length <= SESSION_CHUNK_SIZE) {
    written.push({ name: def.name, value, options })
  } else {
    for (let i = 0, offset = 0; offset < value.length; i++, offset += SESSION_CHUNK_SIZE) {
      written.push({ name: `${def.name}.${i}`, value: value.slice(offset, offset + SESSION_CHUNK_SIZE), options })
    }
  }
  const rewritten = new Set(written.map((c) => c.name))
  const deletions = presentNames.filter((n) => !rewritten.has(n)).map((n) => expireCookie(n, def.options))
  return [...deletions, ...written]
}

/** Deletes every session cookie the request carried (sign-out, invalid or expired session). */
export function clearSessionCookie(def: CookieDef, presentNames: readonly string[]): SetCookie[] {
  return presentNames.map((n) => expireCookie(n, def.options))
}
