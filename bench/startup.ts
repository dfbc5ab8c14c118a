import { median } from "./http.js"
import { startServer } from "./processes.js"

export interface StartupResult {
  runs: number
  /** Median ms from process start to listening. */
  withoutAuthMs: number
  withAuthMs: number
  /** withAuthMs - withoutAuthMs: what AuthModule adds to boot (import, config check, routes). */
  addedMs: number
  target: number
  samples: { withoutAuth: number[]; withAuth: number[] }
}

/** Boots the same minimal app without and with AuthModule, alternately, `runs` times each. */
export async function runStartup(runs: number, log: (line: string) => void): Promise<StartupResult> {
  const samples = { withoutAuth: [] as number[], withAuth: [] as number[] }
  for (let i = 0; i < runs; i++) {
    for (const [name, list] of i % 2 ? ([["boot-auth", samples.withAuth], ["boot-plain", samples.withoutAuth]] as const) : ([["boot-plain", samples.withoutAuth], ["boot-auth", samples.withAuth]] as const)) {
      const server = await startServer(name)
      list.push(server.bootMs)
      await server.stop()
    }
  }
  const withoutAuthMs = median(samples.withoutAuth)
  const withAuthMs = median(samples.withAuth)
  log(`start-up: ${withoutAuthMs.toFixed(1)} ms without AuthModule, ${withAuthMs.toFixed(1)} ms with`)
  return { runs, withoutAuthMs, withAuthMs, addedMs: withAuthMs - withoutAuthMs, target: 50, samples }
}
