import { Reflector } from "@nestjs/core"
import { ExecutionContextHost } from "@nestjs/core/helpers/execution-context-host.js"
import { describe, expect, it, vi } from "vitest"
import { Authorize } from "../../lib/nest/access.decorators.js"
import { Public } from "../../lib/nest/access.decorators.js"
import { Roles } from "../../lib/nest/access.decorators.js"
import { RoutePolicyCache } from "../../lib/nest/route-access.js"

const allowAll = () => true
const denyAll = () => false

@Roles("admin")
@Authorize(allowAll)
class AdminController {
  plain() {}

  @Roles("support")
  support() {}

  @Roles()
  anyone() {}

  @Authorize(denyAll)
  closed() {}

  @Public()
  open() {}
}

@Public()
class OpenController {
  free() {}

  @Public(false)
  locked() {}
}

/** Inherits `plain` from AdminController, without its class metadata. */
class PlainChild extends AdminController {}

const contextFor = (cls: object, handler: (...args: never[]) => unknown) =>
  new ExecutionContextHost([], cls as never, handler as never)

describe("RoutePolicyCache", () => {
  const policies = new RoutePolicyCache(new Reflector())
  const of = (cls: { prototype: object }, name: string) =>
    policies.of(contextFor(cls, (cls.prototype as Record<string, () => void>)[name]!))

  it("takes the class's roles and predicate when the handler has none", () => {
    expect(of(AdminController, "plain")).toEqual({
      isPublic: false,
      roles: ["admin"],
      authorize: allowAll,
      name: "AdminController.plain",
    })
  })

  it("lets the handler's metadata replace the class's", () => {
    expect(of(AdminController, "support").roles).toEqual(["support"])
    expect(of(AdminController, "closed").authorize).toBe(denyAll)
    expect(of(AdminController, "open").isPublic).toBe(true)
    expect(of(OpenController, "free").isPublic).toBe(true)
    expect(of(OpenController, "locked").isPublic).toBe(false)
  })

  it("reads an empty @Roles() as no role requirement", () => {
    expect(of(AdminController, "anyone").roles).toBeUndefined()
  })

  it("keys the cache by class too: an inherited handler gets its own class's metadata", () => {
    const inherited = of(PlainChild, "plain")
    expect(inherited.name).toBe("PlainChild.plain")
    // Class metadata is inherited through the prototype chain, as Reflect.getMetadata reads it.
    expect(inherited.roles).toEqual(["admin"])
    expect(inherited).not.toBe(of(AdminController, "plain"))
  })

  it("reads the metadata once per handler", () => {
    const reflector = new Reflector()
    const spy = vi.spyOn(reflector, "getAllAndOverride")
    const cache = new RoutePolicyCache(reflector)
    const context = contextFor(AdminController, AdminController.prototype.support)
    const first = cache.of(context)
    const reads = spy.mock.calls.length
    expect(reads).toBeGreaterThan(0)
    for (let i = 0; i < 5; i++) expect(cache.of(context)).toBe(first)
    expect(spy.mock.calls.length).toBe(reads)
  })
})

describe("@Roles() and @Authorize()", () => {
  it("reject arguments of the wrong kind at decoration time", () => {
    expect(() => Roles("admin", 42 as never)).toThrow(TypeError)
    expect(() => Authorize("admin" as never)).toThrow(TypeError)
  })
})
