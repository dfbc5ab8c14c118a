import { ForbiddenException, UnauthorizedException } from "@nestjs/common"
import { afterEach, describe, expect, it } from "vitest"
import { refuseHttp } from "../../lib/nest/access-refusal.js"
import { expressBridge } from "../../lib/nest/express-bridge.js"

function thrownBy(run: () => unknown): Error {
  try {
    run()
  } catch (error) {
    return error as Error
  }
  throw new Error("expected a throw")
}

const limit = Error.stackTraceLimit

afterEach(() => {
  Error.stackTraceLimit = limit
})

describe("refuseHttp without a stack trace (#9)", () => {
  it("throws the same Nest exception, with no frames captured", () => {
    const error = thrownBy(() => refuseHttp(401, undefined, false, expressBridge))
    expect(error).toBeInstanceOf(UnauthorizedException)
    expect((error as UnauthorizedException).getStatus()).toBe(401)
    expect((error as UnauthorizedException).getResponse()).toEqual({ statusCode: 401, message: "Unauthorized" })
    expect(error.stack).toBe("UnauthorizedException: Unauthorized")
    expect(thrownBy(() => refuseHttp(403, undefined, false, expressBridge))).toBeInstanceOf(ForbiddenException)
  })

  it("puts Error.stackTraceLimit back as it was", () => {
    Error.stackTraceLimit = 7
    thrownBy(() => refuseHttp(401, undefined, false, expressBridge))
    expect(Error.stackTraceLimit).toBe(7)
    expect(new Error("x").stack!.split("\n").length).toBeGreaterThan(1)
  })
})

describe("refusals are copies of one exception per status (#9)", () => {
  it("throws a fresh exception each time, with its own response body", () => {
    const first = thrownBy(() => refuseHttp(401, undefined, false, expressBridge)) as UnauthorizedException
    const second = thrownBy(() => refuseHttp(401, undefined, false, expressBridge)) as UnauthorizedException
    expect(first).not.toBe(second)
    expect(first.getResponse()).not.toBe(second.getResponse())
    // A filter that decorates one refusal does not change the next.
    ;(first.getResponse() as Record<string, unknown>).requestId = "r-1"
    first.message = "changed"
    const third = thrownBy(() => refuseHttp(401, undefined, false, expressBridge)) as UnauthorizedException
    expect(third.getResponse()).toEqual({ statusCode: 401, message: "Unauthorized" })
    expect(third.message).toBe("Unauthorized")
  })

  it("looks like the exception Nest would make: class, fields, status and message", () => {
    for (const [status, Made] of [
      [401, UnauthorizedException],
      [403, ForbiddenException],
    ] as const) {
      const copy = thrownBy(() => refuseHttp(status, undefined, false, expressBridge)) as UnauthorizedException
      const made = new Made()
      expect(copy).toBeInstanceOf(Made)
      expect(copy).toBeInstanceOf(Error)
      expect(copy.name).toBe(made.name)
      expect(copy.message).toBe(made.message)
      expect(copy.getStatus()).toBe(made.getStatus())
      expect(copy.getResponse()).toEqual(made.getResponse())
      expect(Object.keys(copy).sort()).toEqual(Object.keys(made).sort())
      expect(String(copy)).toBe(String(made))
    }
  })
})
