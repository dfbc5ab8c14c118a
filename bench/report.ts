// Turns bench/results/*.json into the tables of BENCHMARKS.md (between the markers) and
// bench/results/chart.svg. `node .bench-dist/bench/report.js` re-renders without re-running.
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import type { ScenarioResult } from "./http.js"
import type { Machine } from "./machine.js"
import type { RssResult } from "./memory.js"
import type { MicroResult } from "./micro.js"
import type { StartupResult } from "./startup.js"

interface Meta {
  meta: { machine: Machine; versions: Record<string, string>; quick: boolean }
}
type Http = Meta & { options: Record<string, number>; scenarios: ScenarioResult[] }
type Micro = Meta & { cases: MicroResult[] }
type Rss = Meta & RssResult
type Startup = Meta & StartupResult

const START = "<!-- bench:results:start -->"
const END = "<!-- bench:results:end -->"

function read<T>(dir: string, name: string): T | undefined {
  const file = join(dir, `${name}.json`)
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as T) : undefined
}

const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`
const verdict = (ok: boolean) => (ok ? "✅" : "❌")

function machineLines(m: Machine, label: string): string[] {
  return [
    `${label}: ${m.date}, ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.kernel}, Node ${m.node}; ` +
      `load average ${m.loadAverage.join(" / ")} (1/5/15 min) at the start; ${m.pinning}.`,
  ]
}

function httpTable(http: Http): string[] {
  const lines = [
    "| route | req/s | p50 ms | p99 ms | req/s ratio | target | server CPU | CPU µs/req | cost ratio |",
    "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
  ]
  for (const s of http.scenarios) {
    const target = s.target === undefined ? "" : `≥ ${s.target.toFixed(2)}× ${verdict(s.ratio >= s.target)}`
    const base = s.baseline === s.id ? "1.00× (baseline)" : `${s.ratio.toFixed(3)}× of ${s.baseline}`
    const cost = s.baseline === s.id ? "1.00×" : `${s.cpuRatio.toFixed(3)}×`
    lines.push(
      `| ${s.label} | ${fmt(s.rps)} | ${s.p50.toFixed(2)} | ${s.p99.toFixed(2)} | ${base} | ${target} | ` +
        `${(s.serverCpu * 100).toFixed(0)}% | ${s.cpuPerRequest.toFixed(1)} | ${cost} |`,
    )
  }
  const o = http.options
  lines.push(
    "",
    `${o.connections} connections, ${o.warmupSeconds} s warm-up per route, then ${o.rounds} rounds of ${o.roundSeconds} s per route in alternating order; medians over the rounds, ratios are medians of per-round ratios against the baseline measured in the same round. ` +
      "*Server CPU* is the share of its core the server process used (below ~95% the load generator was the limit); " +
      "*CPU µs/req* is its CPU time per request, and *cost ratio* the baseline's CPU per request divided by the route's, which other processes on the machine barely move.",
  )
  return lines
}

function microTable(micro: Micro): string[] {
  const express = micro.cases.find((c) => c.id === "authjs-express-getsession")
  const lines = ["| operation | ops/s | µs/op | × @auth/express getSession |", "| --- | ---: | ---: | ---: |"]
  for (const c of micro.cases) {
    const times = express ? `${(c.opsPerSecond / express.opsPerSecond).toFixed(1)}×` : ""
    lines.push(`| ${c.label} | ${fmt(c.opsPerSecond)} | ${c.microseconds.toFixed(1)} | ${times} |`)
  }
  const ours = micro.cases.find((c) => c.id === "authservice-getsession")
  if (ours && express) {
    const ratio = ours.opsPerSecond / express.opsPerSecond
    lines.push("", `Target: \`AuthService.getSession\` ≥ 50× \`@auth/express\` \`getSession\`: **${ratio.toFixed(1)}×** ${verdict(ratio >= 50)}`)
  }
  return lines
}

function rssLines(rss: Rss): string[] {
  const steady = rss.samples.slice(1)
  const range = (values: number[]) => `${mib(Math.min(...values))} and ${mib(Math.max(...values))}`
  const pct = (spread: number) => `${((spread - 1) * 100).toFixed(1)}%`
  return [
    `${fmt(rss.requests)} guarded requests (valid JWT cookie) to one fresh server, in ten equal parts. RSS after boot: ` +
      `${mib(rss.bootBytes)}; median during the first part (warm-up): ${mib(rss.samples[0]!.medianBytes)}; the medians ` +
      `of the other nine lie between ${range(steady.map((s) => s.medianBytes))}: spread **${pct(rss.spread)}** ` +
      `(target ≤ 10%) ${verdict(rss.spread <= rss.target)}. Single readings move with the collector: ` +
      `${pct(rss.rawSpread)} at the end of each part, ${pct(rss.afterGcSpread)} right after a full GC.`,
    "",
    "| requests | median RSS | at the end | after full GC |",
    "| ---: | ---: | ---: | ---: |",
    ...rss.samples.map((s) => `| ${fmt(s.requests)} | ${mib(s.medianBytes)} | ${mib(s.bytes)} | ${mib(s.afterGcBytes)} |`),
  ]
}

function startupLines(s: Startup): string[] {
  return [
    `Median of ${s.runs} boots each, process start to listening: ${s.withoutAuthMs.toFixed(1)} ms without \`AuthModule\`, ` +
      `${s.withAuthMs.toFixed(1)} ms with it: **+${s.addedMs.toFixed(1)} ms** (target < ${s.target} ms) ${verdict(s.addedMs < s.target)}`,
  ]
}

/** A horizontal bar chart of the HTTP ratios and the micro-benchmark's ops/s (log scale). */
export function chartSvg(http: Http | undefined, micro: Micro | undefined): string {
  const width = 820
  const labelWidth = 330
  const barMax = width - labelWidth - 90
  const row = 22
  const parts: string[] = []
  let y = 30
  const text = (x: number, yy: number, s: string, extra = "") =>
    `<text x="${x.toFixed(1)}" y="${yy}" ${extra}>${s.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</text>`
  if (http) {
    parts.push(text(10, y, "HTTP throughput relative to the plain route of the same framework (1.0 = no cost)", 'font-weight="bold"'))
    y += 14
    const scale = barMax / 1.1
    for (const s of http.scenarios) {
      y += row
      const ours = !s.label.startsWith("anchor")
      parts.push(text(labelWidth - 8, y - 6, s.label, 'text-anchor="end"'))
      parts.push(`<rect x="${labelWidth}" y="${y - 17}" width="${(Math.min(s.ratio, 1.1) * scale).toFixed(1)}" height="15" fill="${ours ? "#2a7f62" : "#9a9a9a"}"/>`)
      // The value goes right of the bar, or of the target tick when that lies further out.
      const end = Math.max(Math.min(s.ratio, 1.1), s.target ?? 0) * scale
      parts.push(text(labelWidth + end + 6, y - 6, `${s.ratio.toFixed(2)}× (${fmt(s.rps)}/s)`))
      if (s.target !== undefined) {
        const x = labelWidth + s.target * scale
        parts.push(`<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${y - 19}" y2="${y}" stroke="#c0392b" stroke-width="2"/>`)
      }
    }
    y += 14
    parts.push(text(labelWidth, y + 6, "red tick: the issue's target", 'fill="#c0392b"'))
    y += 26
  }
  if (micro) {
    parts.push(text(10, y, "In-process session check, operations per second (log scale)", 'font-weight="bold"'))
    y += 14
    const max = Math.log10(Math.max(...micro.cases.map((c) => c.opsPerSecond)) * 1.5)
    const min = 2
    for (const c of micro.cases) {
      y += row
      const w = ((Math.log10(c.opsPerSecond) - min) / (max - min)) * barMax
      const ours = c.id.startsWith("authservice") || c.id.startsWith("nestjs-authjs")
      parts.push(text(labelWidth - 8, y - 6, c.label, 'text-anchor="end"'))
      parts.push(`<rect x="${labelWidth}" y="${y - 17}" width="${Math.max(w, 1).toFixed(1)}" height="15" fill="${ours ? "#2a7f62" : "#9a9a9a"}"/>`)
      parts.push(text(labelWidth + Math.max(w, 1) + 5, y - 6, `${fmt(c.opsPerSecond)}/s`))
    }
    y += 10
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 10}" viewBox="0 0 ${width} ${y + 10}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    ...parts,
    "</svg>",
    "",
  ].join("\n")
}

/** How far the per-round ratios of the target rows spread: the median hides it. */
function spreadLines(http: Http): string[] {
  const lines = ["| route | per-round ratio: lowest | lower quartile | median | upper quartile | highest | rounds at or above the target |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
  for (const s of http.scenarios) {
    const base = http.scenarios.find((b) => b.id === s.baseline)
    if (s.target === undefined || !base) continue
    const ratios = s.rounds.map((r, i) => r.rps / base.rounds[i]!.rps).sort((a, b) => a - b)
    // Linear interpolation between ranks, so the median is the table's median.
    const at = (q: number) => {
      const rank = q * (ratios.length - 1)
      const low = Math.floor(rank)
      const high = Math.min(low + 1, ratios.length - 1)
      return (ratios[low]! + (ratios[high]! - ratios[low]!) * (rank - low)).toFixed(3)
    }
    const met = ratios.filter((r) => r >= s.target!).length
    lines.push(`| ${s.label} | ${at(0)} | ${at(0.25)} | ${at(0.5)} | ${at(0.75)} | ${at(1)} | ${met} of ${ratios.length} |`)
  }
  return lines
}

/** The Express and Fastify rows of one run; each platform's guarded route against its own plain route. */
function fastifyLines(run: Http): string[] {
  // One load generator on one core cannot saturate Fastify's cheaper requests; then only CPU per request compares.
  const starved = run.scenarios.filter((s) => s.serverCpu < 0.9).map((s) => `\`${s.id}\` ${(s.serverCpu * 100).toFixed(0)}%`)
  const note = starved.length
    ? [
        `Server CPU stayed below 90% for ${starved.join(", ")}: the load generator, not the server, set the pace of those rows, ` +
          "so their req/s and req/s ratio say little. Compare CPU µs/req and the cost ratio.",
        "",
      ]
    : []
  return [
    "### HTTP, Express and Fastify side by side (`--scenarios=nest-plain,nest-guarded,fastify-plain,fastify-guarded --save-as=http-fastify`)",
    "",
    ...machineLines(run.meta.machine, "Run"),
    "",
    ...note,
    ...httpTable(run),
    "",
  ]
}

export function writeReport(resultsDir: string, markdownFile: string, log: (line: string) => void): void {
  const http = read<Http>(resultsDir, "http")
  const targets = read<Http>(resultsDir, "http-targets")
  const cluster = read<Http>(resultsDir, "http-cluster")
  const fastify = read<Http>(resultsDir, "http-fastify")
  const micro = read<Micro>(resultsDir, "micro")
  const rss = read<Rss>(resultsDir, "rss")
  const startup = read<Startup>(resultsDir, "startup")
  writeFileSync(join(resultsDir, "chart.svg"), chartSvg(http, micro))
  const lines: string[] = ["![benchmark chart](bench/results/chart.svg)", ""]
  if (http) lines.push("### HTTP", "", ...machineLines(http.meta.machine, "Run"), "", ...httpTable(http), "")
  if (targets) {
    lines.push("### HTTP, the target rows in short rounds (`--targets`)", "", ...machineLines(targets.meta.machine, "Run"), "", ...httpTable(targets), "", ...spreadLines(targets), "")
  }
  if (cluster) {
    lines.push(
      "### HTTP, the database-session read cache and instances behind nginx (`--scenarios=… --save-as=http-cluster`)",
      "",
      ...machineLines(cluster.meta.machine, "Run"),
      "",
      "Every app process and nginx are pinned to the same server core, so two instances behind nginx share one core:",
      "that row shows the cost of the hop and of a second process, not scaling. CPU per request counts the app processes",
      "only, not nginx.",
      "",
      ...httpTable(cluster),
      "",
    )
  }
  if (fastify) lines.push(...fastifyLines(fastify))
  if (micro) lines.push("### In-process session check", "", ...machineLines(micro.meta.machine, "Run"), "", ...microTable(micro), "")
  if (rss) lines.push("### Memory", "", ...rssLines(rss), "")
  if (startup) lines.push("### Start-up", "", ...startupLines(startup), "")
  const versions = (http ?? micro)?.meta.versions
  if (versions) lines.push(`Versions: ${Object.entries(versions).map(([n, v]) => `${n} ${v}`).join(", ")}.`, "")
  const block = `${START}\n${lines.join("\n")}${END}`
  process.stdout.write(`${lines.join("\n")}\n`)
  if (!existsSync(markdownFile)) return
  const doc = readFileSync(markdownFile, "utf8")
  const start = doc.indexOf(START)
  const end = doc.indexOf(END)
  if (start === -1 || end === -1) return log(`${markdownFile} has no results markers; tables printed only`)
  writeFileSync(markdownFile, doc.slice(0, start) + block + doc.slice(end + END.length))
  log("updated BENCHMARKS.md and bench/results/chart.svg")
}

if (require.main === module) {
  writeReport(join(__dirname, "..", "..", "bench", "results"), join(__dirname, "..", "..", "BENCHMARKS.md"), (l) => console.error(l))
}
