// The load generator: a child of the orchestrator (so on the orchestrator's core, not the server's).
// It receives one job per IPC message, runs autocannon and sends back throughput, exact latency
// percentiles (from every response time, not autocannon's 1 ms histogram) and status counts.
import autocannon from "autocannon"

export interface LoadJob {
  url: string
  headers: Record<string, string>
  connections: number
  /** Seconds to run; or use `amount`. */
  duration?: number
  /** Requests to send, then stop. */
  amount?: number
}

export interface LoadResult {
  requests: number
  seconds: number
  rps: number
  p50: number
  p99: number
  statuses: Record<string, number>
  errors: number
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

function run(job: LoadJob): Promise<LoadResult> {
  let times = new Float64Array(1 << 16)
  let count = 0
  const started = process.hrtime.bigint()
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: job.url,
        headers: job.headers,
        connections: job.connections,
        timeout: 10,
        // autocannon rejects an explicit undefined for either
        ...(job.amount === undefined ? { duration: job.duration } : { amount: job.amount }),
      },
      (error, result) => {
        if (error) return reject(error)
        const seconds = Number(process.hrtime.bigint() - started) / 1e9
        const sorted = times.subarray(0, count).sort()
        const statuses: Record<string, number> = {}
        for (const [code, { count: n }] of Object.entries(result.statusCodeStats)) statuses[code] = n
        resolve({
          requests: result.requests.total,
          seconds,
          rps: result.requests.total / seconds,
          p50: percentile(sorted, 50),
          p99: percentile(sorted, 99),
          statuses,
          errors: result.errors + result.timeouts,
        })
      },
    )
    instance.on("response", (_client, _status, _bytes, ms) => {
      if (count === times.length) {
        const bigger = new Float64Array(times.length * 2)
        bigger.set(times)
        times = bigger
      }
      times[count++] = ms
    })
  })
}

process.on("message", (job: LoadJob) => {
  run(job).then(
    (result) => process.send!({ result }),
    (error: Error) => process.send!({ error: error.message }),
  )
})
process.on("disconnect", () => process.exit(0))
