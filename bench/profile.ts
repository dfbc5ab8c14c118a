import { readFileSync } from "node:fs"

/** The parts of a V8 .cpuprofile the summary reads. */
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

export interface ProfileSummary {
  totalMs: number
  /** Self time by where the code lives: this package, Nest, Express, Node's HTTP, GC, idle, … */
  byArea: Array<{ area: string; ms: number; share: number }>
  /** The functions with the most self time. */
  top: Array<{ fn: string; area: string; ms: number; share: number }>
}

function areaOf(url: string, fn: string): string {
  if (fn === "(garbage collector)") return "GC"
  if (fn === "(idle)" || fn === "(program)") return fn
  if (url.includes("/lib/core/")) return "nestjs-authjs core"
  if (url.includes("/lib/nest/")) return "nestjs-authjs nest"
  if (url.includes("/bench/")) return "bench app"
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1]
  if (pkg) return pkg.startsWith("@nestjs/") ? "@nestjs/*" : pkg
  if (url.startsWith("node:")) return `node:${url.slice(5).split("/")[0]}`
  return url === "" ? "native/builtin" : "other"
}

/**
 * Self time per function and per area, from the samples of one profile; with `window`, only from
 * the samples in [end - from, end - to] (ms), so boot and warm-up stay out.
 */
export function summariseProfile(file: string, top = 25, window?: { from: number; to: number }): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map<number, number>()
  let at = profile.startTime
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0
    at += delta
    if (window && (at < profile.endTime - window.from * 1000 || at > profile.endTime - window.to * 1000)) return
    self.set(id, (self.get(id) ?? 0) + delta / 1000)
  })
  const totalMs = [...self.values()].reduce((a, b) => a + b, 0)
  const areas = new Map<string, number>()
  const fns = new Map<string, { area: string; ms: number }>()
  for (const [id, ms] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame
    const area = areaOf(url, functionName)
    areas.set(area, (areas.get(area) ?? 0) + ms)
    const key = `${functionName || "(anonymous)"} ${url.replace(/^.*\/(node_modules|lib|bench)\//, "$1/")}:${lineNumber + 1}`
    const entry = fns.get(key) ?? { area, ms: 0 }
    entry.ms += ms
    fns.set(key, entry)
  }
  const share = (ms: number) => ms / totalMs
  return {
    totalMs,
    byArea: [...areas].map(([area, ms]) => ({ area, ms, share: share(ms) })).sort((a, b) => b.ms - a.ms),
    top: [...fns].map(([fn, { area, ms }]) => ({ fn, area, ms, share: share(ms) })).sort((a, b) => b.ms - a.ms).slice(0, top),
  }
}
