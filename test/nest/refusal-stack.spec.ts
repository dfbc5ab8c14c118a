import { ForbiddenException, UnauthorizedException } from "@nestjs/common"
import { afterEach, describe, expect, it } from "vitest"
import { refuseHttp } from "../../lib/nest/access-refusal.js"

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
    const error = thrownBy(() => refuseHttp(401, undefined, false))
    expect(error).toBeInstanceOf(UnauthorizedException)
    expect((error as UnauthorizedException).getStatus()).toBe(401)
    expect((error as UnauthorizedException).getResponse()).toEqual({ statusCode: 401, message: "Unauthorized" })
    expect(error.stack).toBe("UnauthorizedException: Unauthorized")
    expect(thrownBy(() => refuseHttp(403, undefined, false))).toBeInstanceOf(ForbiddenException)
  })

  it("puts Error.stackTraceLimit back as it was", () => {
    Error.stackTraceLimit = 7
    thrownBy(() => refuseHttp(401, undefined, false))
    expect(Error.stackTraceLimit).toBe(7)
    expect(new Error("x").stack!.split("\n").length).toBeGreaterThan(1)
  })
})
