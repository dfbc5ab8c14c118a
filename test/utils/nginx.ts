// Debian's nginx as the load balancer of test:cluster and of the benchmark's load-balancer rows:
// started with its own config under a temp folder, on 127.0.0.1 (round robin, no stickiness).
// stop() ends only the process it started.
import { spawn, spawnSync, type ChildProcess } from "node:child_process"
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { connect } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { stopChild } from "./stop-child.js"
import type { ServerAvailability } from "./real-server.js"

export const nginxAvailability: ServerAvailability = (() => {
  const probe = spawnSync("nginx", ["-v"], { stdio: "ignore", timeout: 5_000 })
  return probe.status === 0
    ? { name: "nginx", available: true }
    : { name: "nginx", available: false, reason: "nginx is not on the PATH (apt-get install nginx)" }
})()

export interface NginxOptions {
  /** Idle connections kept open to the instances (nginx's `keepalive`). */
  keepalive?: number
  /** A command the nginx command line runs under, such as `taskset -c 1` for the benchmark. */
  prefix?: string[]
}

/** The load balancer's configuration: the one docs/many-instances.md shows. */
export function nginxConfig(dir: string, port: number, upstreams: number[], { keepalive = 16 }: NginxOptions = {}): string {
  const asRoot = process.getuid?.() === 0
  return `${asRoot ? "user root;\n" : ""}worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream app {
    # Round robin (nginx's default), no ip_hash or sticky cookie: any request may reach any instance.
${upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=2s;`).join("\n")}
    keepalive ${keepalive};
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      # An instance that is down (restart, crash) is skipped: the request goes to the next one.
      proxy_next_upstream error timeout http_502 http_503;
      proxy_connect_timeout 1s;
    }
  }
}
`
}

export interface RunningNginx {
  url: string
  pid: number
  stop(): Promise<void>
}

export async function startNginx(port: number, upstreams: number[], options: NginxOptions = {}): Promise<RunningNginx> {
  const dir = mkdtempSync(join(tmpdir(), "nestjs-authjs-nginx-"))
  for (const sub of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(join(dir, sub))
  writeFileSync(join(dir, "nginx.conf"), nginxConfig(dir, port, upstreams, options))
  const [command, ...args] = [...(options.prefix ?? []), "nginx", "-p", dir, "-c", join(dir, "nginx.conf"), "-g", "daemon off;"]
  const child = spawn(command!, args, { stdio: ["ignore", "pipe", "pipe"] })
  let output = ""
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()))
  await waitForPort(port, child, () => output)
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    async stop() {
      await stopChild(child, "SIGQUIT")
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}: ${output()}`)
    if (await canConnect(port)) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  child.kill("SIGKILL")
  throw new Error(`nothing listened on ${port} within 15 s: ${output()}`)
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port })
    socket.once("connect", () => (socket.destroy(), resolve(true)))
    socket.once("error", () => resolve(false))
  })
}
