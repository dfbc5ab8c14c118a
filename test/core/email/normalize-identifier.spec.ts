import { describe, expect, it } from "vitest"
import { assertSafeIdentifier, InvalidEmailAddress, normalizeIdentifier } from "../../../lib/core/email/normalize-identifier.js"

describe("normalizeIdentifier", () => {
  it.each([
    ["Alice@Example.COM", "alice@example.com"],
    ["  bob@example.com\t", "bob@example.com"],
    ["o'brien+tag@mail.example.co.uk", "o'brien+tag@mail.example.co.uk"],
    ["user@localhost", "user@localhost"],
    ["ÉLODIE@exemple.fr", "élodie@exemple.fr"],
    ["carol@bücher.example", "carol@bücher.example"],
    // NFKC turns full-width letters into ASCII before anything is checked.
    ["ｄａｖｅ@example.com", "dave@example.com"],
  ])("normalises %j to %j", (input, expected) => {
    expect(normalizeIdentifier(input)).toBe(expected)
  })

  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["not a string", ["a@example.com"]],
    ["an object", { email: "a@example.com" }],
    ["no @", "alice.example.com"],
    ["two @", "alice@evil.test@example.com"],
    ["a full-width @ that NFKC makes a second @", "alice＠evil.test@example.com"],
    ["no local part", "@example.com"],
    ["no domain", "alice@"],
    ["a quoted local part", '"alice@evil.test"@example.com'],
    ["a comma (a second recipient)", "alice@example.com,eve@evil.test"],
    ["a comma in the local part", "eve,alice@example.com"],
    ["a semicolon", "alice@example.com;eve@evil.test"],
    ["CR LF and a Bcc header", "alice@example.com\r\nBcc: eve@evil.test"],
    ["a bare LF", "alice@example.com\nBcc:eve@evil.test"],
    ["a NUL", "alice@example.com\u0000"],
    ["an inner space", "alice smith@example.com"],
    ["angle brackets", "Alice <alice@example.com>"],
    ["a display name with a colon", "group: alice@example.com"],
    ["a zero-width space", "alice@exa\u200bmple.com"],
    ["a domain literal", "alice@[127.0.0.1]"],
    ["an empty domain label", "alice@example..com"],
    ["a label starting with a hyphen", "alice@-example.com"],
    ["an underscore in the domain", "alice@exa_mple.com"],
    ["a 65-character local part", `${"a".repeat(65)}@example.com`],
    ["a 300-character address", `a@${"b".repeat(290)}.com`],
    ["a megabyte", `${"a".repeat(1 << 20)}@example.com`],
  ])("refuses %s", (_, input) => {
    expect(() => normalizeIdentifier(input)).toThrow(InvalidEmailAddress)
  })
})

describe("assertSafeIdentifier", () => {
  it("passes what a custom normaliser returns when it is one short line", () => {
    expect(assertSafeIdentifier('"quoted"@example.com')).toBe('"quoted"@example.com')
  })

  it.each([
    ["not a string", 42],
    ["empty", ""],
    ["CR LF", "a@example.com\r\nBcc: eve@evil.test"],
    ["a line separator", "a@example.com\u2028x"],
    ["too long", `${"a".repeat(300)}@example.com`],
  ])("refuses %s", (_, value) => {
    expect(() => assertSafeIdentifier(value)).toThrow(InvalidEmailAddress)
  })
})
