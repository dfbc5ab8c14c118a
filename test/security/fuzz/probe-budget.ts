import fc from "fast-check"

/**
 * How many probes each property gets. `npm test` runs the CI count, sized to take a few seconds;
 * `npm run fuzz` sets FUZZ_RUNS (default there 10000) and every property runs at least that many.
 */
export function probeCount(ciRuns: number): number {
  const asked = Number(process.env.FUZZ_RUNS)
  return Number.isInteger(asked) && asked > 0 ? Math.max(ciRuns, asked) : ciRuns
}

/** True under `npm run fuzz`: tests give themselves time in proportion to their probe counts. */
export const fuzzing = Number(process.env.FUZZ_RUNS) > 0

/** Vitest timeout for a property of `runs` probes that each take about `msPerProbe`. */
export function timeoutFor(runs: number, msPerProbe: number): number {
  return Math.max(30_000, Math.ceil(runs * msPerProbe * 3))
}

/**
 * Runs a property with `ciRuns` probes (more under `npm run fuzz`), prints how many ran and
 * passed, and fails with fast-check's report (seed, path, counterexample) when one did not.
 */
export async function checkProperty<Ts extends [unknown, ...unknown[]]>(
  name: string,
  property: fc.IAsyncPropertyWithHooks<Ts> | fc.IPropertyWithHooks<Ts>,
  ciRuns: number,
): Promise<void> {
  const numRuns = probeCount(ciRuns)
  const details = await fc.check(property as fc.IAsyncProperty<Ts>, { numRuns })
  const passed = details.failed ? details.numRuns - 1 : details.numRuns
  console.log(`[fuzz] ${name}: ${details.numRuns} probes ran, ${passed} passed (seed ${details.seed})`)
  if (!details.failed) return
  // fast-check's report leaves out what the counterexample did wrong; say it first.
  const why = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)
  throw new Error(`${name}: ${why.slice(0, 500)}\n${fc.defaultReportMessage(details) ?? ""}`)
}
