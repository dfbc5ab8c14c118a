import type { LoadGenerator, RunningServer } from "./processes.js"

export interface RssResult {
  requests: number
  /** RSS after boot, before any request. */
  bootBytes: number
  /** RSS after each chunk of requests; the first chunk is the warm-up. */
  samples: Array<{ requests: number; bytes: number }>
  /** max / min over the samples after the warm-up chunk: the "flat within 10%" figure. */
  spread: number
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
    const result = await load.run({ url: `http://127.0.0.1:${server.port}${job.path}`, headers: job.headers, connections: job.connections, amount })
    const ok = result.statuses["200"] ?? 0
    if (ok !== result.requests || result.errors > 0) throw new Error(`rss: unexpected responses ${JSON.stringify(result.statuses)}`)
    requests += result.requests
    samples.push({ requests, bytes: server.rss() })
    log(`rss ${requests} requests: ${(samples.at(-1)!.bytes / 2 ** 20).toFixed(1)} MiB (${result.rps.toFixed(0)} req/s)`)
  }
  const steady = samples.slice(1).map((s) => s.bytes)
  return { requests, bootBytes, samples, spread: Math.max(...steady) / Math.min(...steady), target: 1.1 }
}
