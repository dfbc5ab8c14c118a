import { describe } from "vitest"

/** Whether a real server a test file needs (PostgreSQL, Redis) can be started on this machine. */
export interface ServerAvailability {
  name: string
  available: boolean
  /** Why not, when not. */
  reason?: string
}

/**
 * `describe` for suites that need real servers. On a developer machine without one of them the
 * suite is skipped, and its name says which server was missing and why. Under CI (`process.env.CI`
 * set) it always runs, so a missing server fails the build instead of passing silently.
 */
export function describeWithServers(name: string, servers: ServerAvailability[], suite: () => void): void {
  const missing = servers.filter((s) => !s.available)
  if (missing.length === 0 || process.env.CI) {
    describe(name, suite)
    return
  }
  const why = missing.map((s) => `${s.name}: ${s.reason ?? "unavailable"}`).join("; ")
  describe.skip(`${name} [SKIPPED, no server here: ${why}]`, suite)
}
