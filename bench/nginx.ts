// Rows through a load balancer: Debian's nginx (round robin) in front of 1 or 2 nest-authjs
// processes. Every app process is pinned to the server core like the other rows, and nginx too, so
// on this machine two instances share one core: the rows show what the hop and a second process
// cost, not scaling. CPU per request counts the app processes only (nginx's worker is not summed).
import { spawn } from "node:child_process"
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { connect } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { freePort } from "../test/utils/free-port.js"
import { pinned, SERVER_CORE, startServer, type RunningServer } from "./processes.js"

export async function startBehindNginx(instances: number, env: Record<string, string>): Promise<RunningServer> {
  const apps: RunningServer[] = []
  for (let i = 0; i < instances; i++) apps.push(await startServer("nest-authjs", env))
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), "bench-nginx-"))
  for (const sub of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(join(dir, sub))
  const temp = ["body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `  ${t === "body" ? "client_body" : t}_temp_path ${dir}/${t};`)
  writeFileSync(
    join(dir, "nginx.conf"),
    `${process.getuid?.() === 0 ? "user root;\n" : ""}worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
${temp.join("\n")}
  upstream app {
${apps.map((a) => `    server 127.0.0.1:${a.port};`).join("\n")}
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
    }
  }
}
`,
  )
  const nginx = ["nginx", "-p", dir, "-c", join(dir, "nginx.conf"), "-g", "daemon off;"]
  const [command, ...args] = pinned ? ["/usr/bin/taskset", "-c", String(SERVER_CORE), ...nginx] : nginx
  const child = spawn(command!, args, { stdio: ["ignore", "ignore", "inherit"] })
  const deadline = Date.now() + 10_000
  while (!(await listening(port))) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`nginx did not start on ${port}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return {
    name: `nginx-${instances}`,
    pid: child.pid!,
    port,
    bootMs: Math.max(...apps.map((a) => a.bootMs)),
    rss: () => apps.reduce((sum, a) => sum + a.rss(), 0),
    cpuSeconds: () => apps.reduce((sum, a) => sum + a.cpuSeconds(), 0),
    collectGarbage: async () => {
      await Promise.all(apps.map((a) => a.collectGarbage()))
    },
    async stop() {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once("exit", () => resolve())
        child.kill("SIGQUIT")
      })
      await Promise.all(apps.map((a) => a.stop()))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port })
    socket.once("connect", () => (socket.destroy(), resolve(true)))
    socket.once("error", () => resolve(false))
  })
}
