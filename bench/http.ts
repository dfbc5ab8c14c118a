import type { LoadResult } from "./load.js"
import type { LoadGenerator, RunningServer } from "./processes.js"
import type { Scenario } from "./scenarios.js"

export interface HttpOptions {
  connections: number
  warmupSeconds: number
  rounds: number
  roundSeconds: number
}

export interface ScenarioResult {
  id: string
  label: string
  baseline: string
  target?: number
  /** Medians over the rounds. */
  rps: number
  p50: number
  p99: number
  /** Median over the rounds of rps / the baseline's rps in the same round. */
  ratio: number
  /** Median share of its core the server used: below ~95% the load generator, not the server, was the limit. */
  serverCpu: number
  /** Median server CPU time per request, in µs: barely moved by other processes on the machine. */
  cpuPerRequest: number
  /** Median over the rounds of the baseline's CPU per request / this one's: the cost ratio. */
  cpuRatio: number
  rounds: Array<Pick<LoadResult, "rps" | "p50" | "p99" | "requests"> & { serverCpu: number; cpuPerRequest: number }>
}

type Measured = LoadResult & { serverCpu: number; cpuPerRequest: number }

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Round r runs the scenarios forwards or backwards (alternating), rotated by r, so no row always goes first. */
export function roundOrder<T>(items: readonly T[], round: number): T[] {
  const rotated = items.map((_, i) => items[(i + round) % items.length]!)
  return round % 2 ? rotated.reverse() : rotated
}

/** Checks one response by hand before any load: status, and for 200s the greeting body. */
async function preflight(url: string, scenario: Scenario): Promise<void> {
  const res = await fetch(url, { headers: scenario.headers, signal: AbortSignal.timeout(10_000) })
  const body = await res.text()
  if (res.status !== scenario.status) throw new Error(`${scenario.id}: expected ${scenario.status}, got ${res.status} ${body}`)
  if (res.status === 200 && body !== '{"hello":"Bench User"}') throw new Error(`${scenario.id}: unexpected body ${body}`)
}

function assertStatuses(scenario: Scenario, result: LoadResult): void {
  const unexpected = Object.entries(result.statuses).filter(([code]) => Number(code) !== scenario.status)
  if (unexpected.length > 0 || result.errors > 0) {
    throw new Error(`${scenario.id}: unexpected responses ${JSON.stringify(result.statuses)}, ${result.errors} errors`)
  }
}

export async function runHttp(
  list: readonly Scenario[],
  servers: ReadonlyMap<string, RunningServer>,
  load: LoadGenerator,
  options: HttpOptions,
  log: (line: string) => void,
): Promise<ScenarioResult[]> {
  const urlOf = (s: Scenario) => `http://127.0.0.1:${servers.get(s.server)!.port}${s.path}`
  const job = (s: Scenario, duration: number) => ({ url: urlOf(s), headers: s.headers, connections: options.connections, duration })
  for (const s of list) await preflight(urlOf(s), s)

  for (const s of list) {
    log(`warm-up ${s.id}`)
    assertStatuses(s, await load.run(job(s, options.warmupSeconds)))
  }
  const perRound: Array<Map<string, Measured>> = []
  for (let round = 0; round < options.rounds; round++) {
    const results = new Map<string, Measured>()
    for (const s of roundOrder(list, round)) {
      const server = servers.get(s.server)!
      const cpuBefore = server.cpuSeconds()
      const result = await load.run(job(s, options.roundSeconds))
      const cpu = server.cpuSeconds() - cpuBefore
      assertStatuses(s, result)
      const measured = { ...result, serverCpu: cpu / result.seconds, cpuPerRequest: (cpu * 1e6) / result.requests }
      results.set(s.id, measured)
      log(
        `round ${round + 1}/${options.rounds} ${s.id.padEnd(16)} ${result.rps.toFixed(0).padStart(6)} req/s, ` +
          `server ${(measured.serverCpu * 100).toFixed(0)}% CPU, ${measured.cpuPerRequest.toFixed(1)} µs CPU/request`,
      )
    }
    perRound.push(results)
  }
  return list.map((s) => {
    const rounds = perRound.map((r) => r.get(s.id)!)
    return {
      id: s.id,
      label: s.label,
      baseline: s.baseline,
      target: s.target,
      rps: median(rounds.map((r) => r.rps)),
      p50: median(rounds.map((r) => r.p50)),
      p99: median(rounds.map((r) => r.p99)),
      ratio: median(perRound.map((r) => r.get(s.id)!.rps / r.get(s.baseline)!.rps)),
      serverCpu: median(rounds.map((r) => r.serverCpu)),
      cpuPerRequest: median(rounds.map((r) => r.cpuPerRequest)),
      cpuRatio: median(perRound.map((r) => r.get(s.baseline)!.cpuPerRequest / r.get(s.id)!.cpuPerRequest)),
      rounds: rounds.map(({ rps, p50, p99, requests, serverCpu, cpuPerRequest }) => ({ rps, p50, p99, requests, serverCpu, cpuPerRequest })),
    }
  })
}
