import { describe, expect, it } from "vitest"
import { resolveConfig } from "../../../lib/core/config/resolve.js"
import Nodemailer from "../../../lib/providers/nodemailer.js"
import { UntrustedHost } from "../../../lib/core/vocabulary/errors.js"
import { aliceCredentials, recordingLogger } from "../../utils/test-config.js"

const logger = recordingLogger().logger

function bootError(run: () => unknown): Error {
  try {
    run()
  } catch (error) {
    return error as Error
  }
  throw new Error("boot did not fail")
}

describe("boot reports every configuration problem at once", () => {
  it("names a missing secret and an untrusted host together, each with its fix", () => {
    const error = bootError(() => resolveConfig({ providers: [aliceCredentials], logger }, { NODE_ENV: "production" }))
    expect(error.message).toMatch(/2 configuration problems/)
    expect(error.message).toMatch(/host is not trusted.*Set AUTH_URL/)
    expect(error.message).toMatch(/No secret configured.*Set AUTH_SECRET/)
    // The class of the first problem, so `instanceof` checks on the usual case keep working.
    expect(error).toBeInstanceOf(UntrustedHost)
  })

  it("lists option mistakes, a bad AUTH_URL and adapter problems in one message", () => {
    const error = bootError(() =>
      resolveConfig(
        {
          providers: [Nodemailer({ server: "smtp://127.0.0.1:1", from: "a@b.c" })],
          session: { maxAge: -1 },
          callbacks: { jwt: 1 as never },
          logger,
        },
        { AUTH_URL: "app.example.com" },
      ),
    )
    for (const part of [/session\.maxAge/, /callbacks\.jwt/, /AUTH_URL must be/, /No secret configured/, /needs an adapter/]) {
      expect(error.message).toMatch(part)
    }
    expect(error.message).toMatch(/5 configuration problems/)
  })

  it("still throws a single problem as it is", () => {
    const error = bootError(() => resolveConfig({ providers: [aliceCredentials], logger, trustHost: true }, {}))
    expect(error.message).toMatch(/^No secret configured/)
    expect(() => resolveConfig({ providers: [aliceCredentials], logger, secret: "x".repeat(40), trustHost: true }, {})).not.toThrow()
  })
})
