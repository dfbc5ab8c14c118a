// Rows through a load balancer: Debian's nginx (round robin) in front of 1 or 2 nest-authjs
// processes. Every app process is pinned to the server core like the other rows, and nginx too, so
// on this machine two instances share one core: the rows show what the hop and a second process
// cost, not scaling. CPU per request counts the app processes only (nginx's worker is not summed).
// nginx runs with the cluster test's configuration (test/utils/nginx.ts), the one the docs show.
import { freePort } from "../test/utils/free-port.js"
import { startNginx } from "../test/utils/nginx.js"
import { pinned, SERVER_CORE, startServer, type RunningServer } from "./processes.js"

export async function startBehindNginx(instances: number, env: Record<string, string>): Promise<RunningServer> {
  const apps: RunningServer[] = []
  for (let i = 0; i < instances; i++) apps.push(await startServer("nest-authjs", env))
  const port = await freePort()
  const nginx = await startNginx(
    port,
    apps.map((a) => a.port),
    { keepalive: 64, prefix: pinned ? ["/usr/bin/taskset", "-c", String(SERVER_CORE)] : [] },
  )
  return {
    name: `nginx-${instances}`,
    pid: nginx.pid,
    port,
    bootMs: Math.max(...apps.map((a) => a.bootMs)),
    rss: () => apps.reduce((sum, a) => sum + a.rss(), 0),
    cpuSeconds: () => apps.reduce((sum, a) => sum + a.cpuSeconds(), 0),
    collectGarbage: async () => {
      await Promise.all(apps.map((a) => a.collectGarbage()))
    },
    async stop() {
      await nginx.stop()
      await Promise.all(apps.map((a) => a.stop()))
    },
  }
}
