import fc from "fast-check"

/** One UTF-16 code unit, lone surrogates included (JSON bodies can carry them; URLs and headers cannot). */
export const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n))

/** Inputs that have broken parsers, URL checks and header writers before. */
export const nastyStrings = [
  "",
  " ",
  "null",
  "undefined",
  "__proto__",
  "constructor",
  "toString",
  "Configuration",
  "//evil.example",
  "///evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "https://evil.example/steal",
  "http://localhost:3000@evil.example/",
  "http://localhost:3000.evil.example/",
  "javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "/\r\nSet-Cookie: injected=1",
  "/%0d%0aSet-Cookie:%20injected=1",
  "/中文/路径",
  "/\ud800",
  "\udfff",
  "/ok#frag\u2028",
  "../../etc/passwd",
  "<script>alert(1)</script>",
  "\"><img src=x onerror=alert(1)>",
  "' OR '1'='1",
  "%",
  "%ZZ",
  "%E0%A4%A",
  "a=b; c=d",
  "\u0000",
  "\t\t",
  "1e309",
  "-0",
  "A".repeat(5_000),
] as const

/** A hostile string: a known troublemaker, random code units, or a URL built from parts. */
export const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...nastyStrings) },
  { weight: 2, arbitrary: fc.string({ unit: codeUnit, maxLength: 40 }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom("", "/", "//", "http://", "https://", "HTTP://", "http:", "\\\\", " https://", "\thttp://"),
        fc.constantFrom("localhost:3000", "127.0.0.1:3000", "evil.example", "localhost:3000.evil.example", "[::1]", "", "xn--80ak6aa92e.com"),
        fc.constantFrom("", "/", "/home", "/a?b=c", "#x", "@evil.example", "\\@evil.example", "/%2F%2Fevil.example", ":99999"),
      )
      .map((parts) => parts.join("")),
  },
)

/** A string made safe for a header value the way a raw client would send UTF-8 bytes (latin1, no CR/LF/NUL). */
export function asHeaderValue(text: string): string {
  return Buffer.from(text, "utf8")
    .toString("latin1")
    .replace(/[\x00-\x08\x0a-\x1f\x7f]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`)
}

/** Percent-encodes every UTF-8 byte outside unreserved characters (lone surrogates become U+FFFD, as a browser sends them). */
export function percentEncode(text: string): string {
  let out = ""
  for (const byte of Buffer.from(text, "utf8")) {
    const c = String.fromCharCode(byte)
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`
  }
  return out
}
