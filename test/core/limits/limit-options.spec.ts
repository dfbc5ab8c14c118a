// The `limits` option: defaults on, each rule replaceable or off, bad shapes fail start-up; and how
// the identifier and the client key are read.
import { describe, expect, it } from "vitest"
import { limitDefaults } from "../../../lib/core/config/defaults.js"
import { resolveLimits } from "../../../lib/core/config/limit-options.js"
import { GuardedLimitStore } from "../../../lib/core/limits/guarded-store.js"
import { MemoryLimitStore } from "../../../lib/core/limits/memory-limit-store.js"
import { clientKey, credentialsIdentifier, hashIdentifier } from "../../../lib/core/limits/limit-keys.js"
import type { AuthLogger } from "../../../lib/core/config/types.js"

const logger: AuthLogger = { error: () => {}, warn: () => {}, debug: () => {} }

describe("resolveLimits", () => {
  it("is on by default with the documented rules, in a store in this process", () => {
    const limits = resolveLimits(undefined, logger)!
    expect(limits.store).toBeInstanceOf(MemoryLimitStore)
    expect(limits.credentials?.perIdentifier).toEqual({
      max: limitDefaults.credentials.perIdentifier.max,
      windowMs: limitDefaults.credentials.perIdentifier.window * 1000,
    })
    expect(limits.email?.perClient?.max).toBe(limitDefaults.email.perClient.max)
  })

  it("turns off all, one kind or one rule", () => {
    expect(resolveLimits(false, logger)).toBeUndefined()
    const some = resolveLimits({ email: false, credentials: { perClient: false, perIdentifier: { max: 2, window: 1.5 } } }, logger)!
    expect(some.email).toBeUndefined()
    expect(some.credentials).toMatchObject({ perIdentifier: { max: 2, windowMs: 1500 }, perClient: undefined })
  })

  it("wraps a shared store so its outage falls back to the process", () => {
    const store = { increment: async () => ({ count: 1, resetMs: 1 }), decrement: async () => {}, reset: async () => {} }
    expect(resolveLimits({ store }, logger)!.store).toBeInstanceOf(GuardedLimitStore)
  })

  it.each([
    [{ credentials: { perIdentifier: { max: 0, window: 60 } } }, /perIdentifier\.max/],
    [{ credentials: { perIdentifier: { max: 1.5, window: 60 } } }, /perIdentifier\.max/],
    [{ email: { perClient: { max: 3, window: -1 } } }, /perClient\.window/],
    [{ email: { perClient: 10 } }, /perClient must be/],
    [{ credentials: { identify: "email" } }, /identify must be a function/],
    [{ store: { increment() {} } }, /no decrement, reset method/],
    ["on", /limits must be/],
  ])("refuses %j at start-up", (option, message) => {
    expect(() => resolveLimits(option as never, logger)).toThrow(message)
  })
})

describe("the keys a limit counts by", () => {
  const fields = { email: { label: "Email" }, password: { type: "password" } }

  it("reads the identifier-like field, trimmed and lower-cased", () => {
    expect(credentialsIdentifier({ email: "  Bob@Example.COM ", password: "x" }, "credentials", fields, undefined)).toBe("bob@example.com")
    expect(credentialsIdentifier({ login: "ALICE", pin: "1" }, "c", { pin: { type: "password" }, login: {} }, undefined)).toBe("alice")
    expect(credentialsIdentifier({ handle: "Eve", secret: "1" }, "c", { secret: { type: "password" }, handle: {} }, undefined)).toBe("eve")
  })

  it("counts nothing per account for a missing, empty or non-string identifier", () => {
    for (const email of [undefined, "", "   ", ["a", "b"], { a: 1 }]) {
      expect(credentialsIdentifier({ email }, "credentials", fields, undefined)).toBeUndefined()
    }
  })

  it("uses the app's identify hook when given", () => {
    const identify = (c: Readonly<Record<string, unknown>>, provider: string) => `${provider}:${String(c.tenant)}:${String(c.user)}`
    expect(credentialsIdentifier({ tenant: "T1", user: "Ann" }, "corp", fields, identify)).toBe("corp:t1:ann")
    expect(credentialsIdentifier({ user: "Ann" }, "corp", fields, () => null)).toBeUndefined()
  })

  it("hashes identifiers with the secret: stable, and not the address", () => {
    const hash = hashIdentifier("secret-1", "bob@example.com")
    expect(hash).toBe(hashIdentifier("secret-1", "bob@example.com"))
    expect(hash).not.toBe(hashIdentifier("secret-2", "bob@example.com"))
    expect(hash).not.toContain("bob")
    expect(hash).toMatch(/^[\w-]{22}$/)
  })

  it("keys clients by address, an IPv4-mapped address as its IPv4 form", () => {
    expect(clientKey("::ffff:127.0.0.5")).toBe("127.0.0.5")
    expect(clientKey("::ffff:127.0.0.5", 56)).toBe("127.0.0.5")
    expect(clientKey("2001:DB8::1")).toBe("2001:db8::1")
    expect(clientKey("2001:0db8:0000:0000:0001:0000:0000:0001")).toBe("2001:db8::1:0:0:1")
    expect(clientKey(undefined)).toBeUndefined()
    for (const junk of ["127.0.0.1\r\nx", "2001:db8::1::2", "localhost", "1.2.3.4.5", "12345::1", "::1/64"]) {
      expect(clientKey(junk, 56), junk).toBeUndefined()
    }
  })

  it("keys IPv6 clients by their network: the prefix kept, the rest zeroed, in RFC 5952 text", () => {
    expect(clientKey("2001:db8:0:ab12:1:2:3:4", 56)).toBe("2001:db8:0:ab00::/56")
    expect(clientKey("2001:db8:0:abff::9", 56)).toBe("2001:db8:0:ab00::/56")
    expect(clientKey("2001:db8:0:ac00::9", 56)).toBe("2001:db8:0:ac00::/56")
    expect(clientKey("2001:db8:0:ab12:1:2:3:4", 64)).toBe("2001:db8:0:ab12::/64")
    expect(clientKey("2001:db8:0:ab12:1:2:3:4", 48)).toBe("2001:db8::/48")
    expect(clientKey("2001:db8:0:ab12:1:2:3:4", 50)).toBe("2001:db8:0:8000::/50")
    expect(clientKey("fe80::1%eth0", 64)).toBe("fe80::/64")
    expect(clientKey("64:ff9b::192.0.2.33", 128)).toBe("64:ff9b::c000:221")
    expect(clientKey("1:2:3:4:5:6:192.0.2.33", 96)).toBe("1:2:3:4:5:6::/96")
  })

  it("takes ipv6Subnet from 16 to 128 or false (each address), 56 by default", () => {
    expect(resolveLimits(undefined, logger)!.ipv6Subnet).toBe(56)
    expect(resolveLimits({ ipv6Subnet: 64 }, logger)!.ipv6Subnet).toBe(64)
    expect(resolveLimits({ ipv6Subnet: false }, logger)!.ipv6Subnet).toBe(128)
    for (const bad of [0, 15, 129, 56.5, "56", null, true]) {
      expect(() => resolveLimits({ ipv6Subnet: bad as never }, logger), String(bad)).toThrow("limits.ipv6Subnet must be a prefix length from 16 to 128, or false")
    }
  })
})
