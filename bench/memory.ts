import { median } from "./http.js"
import type { LoadGenerator, RunningServer } from "./processes.js"

export interface RssResult {
  requests: number
  /** RSS after boot, before any request. */
  bootBytes: number
  /**
   * Per chunk of requests (the first is the warm-up): the median RSS while it ran (read every
   * 200 ms, which evens out the collector's sawtooth), the RSS at its end, and the RSS after a full
   * garbage collection then.
   */
  samples: Array<{ requests: number; medianBytes: number; bytes: number; afterGcBytes: number }>
  /** max / min of the per-chunk medians past the warm-up chunk: the "flat within 10%" figure. */
  spread: number
  /** The same for the end-of-chunk and the after-GC readings (single readings: noisier). */
  rawSpread: number
  afterGcSpread: number
  target: number
}

/**
 * Sends `total` guarded requests (valid JWT cookie) in `chunks` equal chunks to a fresh server and
 * reads its RSS after each chunk. Every response must be a 200.
 */
export async function runRss(
  server: RunningServer,
  load: LoadGenerator,
  job: { path: string; headers: Record<string, string>; connections: number },
  total: number,
  chunks: number,
  log: (line: string) => void,
): Promise<RssResult> {
  const bootBytes = server.rss()
  const samples: RssResult["samples"] = []
  const amount = Math.ceil(total / chunks)
  let requests = 0
  for (let i = 0; i < chunks; i++) {
    const readings: number[] = []
    const poll = setInterval(() => readings.push(server.rss()), 200)
    const result = await load
      .run({ url: `http://127.0.0.1:${server.port}${job.path}`, headers: job.headers, connections: job.connections, amount })
      .finally(() => clearInterval(poll))
    const ok = result.statuses["200"] ?? 0
    if (ok !== result.requests || result.errors > 0) throw new Error(`rss: unexpected responses ${JSON.stringify(result.statuses)}`)
    requests += result.requests
    const bytes = server.rss()
    await server.collectGarbage()
    const medianBytes = median(readings.length > 0 ? readings : [bytes])
    samples.push({ requests, medianBytes, bytes, afterGcBytes: server.rss() })
    const mib = (n: number) => (n / 2 ** 20).toFixed(1)
    log(
      `rss ${requests} requests: median ${mib(medianBytes)} MiB, ${mib(bytes)} MiB at the end, ` +
        `${mib(samples.at(-1)!.afterGcBytes)} MiB after GC (${result.rps.toFixed(0)} req/s)`,
    )
  }
  const spreadOf = (values: number[]) => Math.max(...values) / Math.min(...values)
  const steady = samples.slice(1)
  return {
    requests,
    bootBytes,
    samples,
    spread: spreadOf(steady.map((s) => s.medianBytes)),
    rawSpread: spreadOf(steady.map((s) => s.bytes)),
    afterGcSpread: spreadOf(steady.map((s) => s.afterGcBytes)),
    target: 1.1,
  }
}
