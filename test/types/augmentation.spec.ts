// Users describe their Session, User and JWT fields by module augmentation of `nestjs-authjs`, as
// Auth.js users do with `@auth/core/types`. Each fixture is compiled in a program of its own (an
// augmentation applies to its whole program), with `nestjs-authjs` mapped to lib/ as a consumer's
// import would resolve it; only the fixture's own diagnostics count.
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { diagnosticsOf as compile, ROOT } from "./consumer-program.js"

const FIXTURES = join(ROOT, "test/fixtures/augmentation")
const diagnosticsOf = (fixture: string) => compile(join(FIXTURES, fixture))

describe("module augmentation of nestjs-authjs", () => {
  it("types Session, User and JWT everywhere the app meets them (decorators, callbacks, AuthService)", () => {
    expect(diagnosticsOf("augmented.ts")).toEqual([])
  })

  it("is what makes the difference: without it the same code does not compile", () => {
    expect(diagnosticsOf("plain.ts")).toEqual([])
  })

  // Every `@ts-expect-error` in the fixture must meet its error: an unused one is a diagnostic too.
  it("has no index signature on Session, and types authorize's credentials from the provider's", () => {
    expect(diagnosticsOf("strict.ts")).toEqual([])
  })
})
