// forRootAsync's factory result: options that only work beside useFactory are type errors inside it.
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { diagnosticsOf, ROOT } from "./consumer-program.js"

describe("AuthModule.forRootAsync's factory result (types)", () => {
  it("refuses globalGuard and openApi inside the factory's result (every @ts-expect-error is used)", () => {
    expect(diagnosticsOf(join(ROOT, "test/fixtures/module-options/factory-extras.ts"))).toEqual([])
  })
})
