// One cluster for a test file: oidc-provider (rotating refresh tokens, reuse detection) in this
// process, redis-server, nginx in front of three app processes on fixed ports. Apps restart with
// other settings between steps; nginx and Redis stay.
import { freePort } from "../utils/free-port.js"
import { startOidcIssuer, type OidcIssuer } from "../utils/oidc/index.js"
import { startApp, stopApp, type AppProcess } from "./app-processes.js"
import { startNginx, type RunningNginx } from "../utils/nginx.js"
import { startRedisOn, type RestartableRedis } from "../utils/redis.js"

export const OLD_SECRET = "cluster-old-secret-0123456789abcdefghijklmnop"
export const NEW_SECRET = "cluster-new-secret-0123456789abcdefghijklmnop"
export const INSTANCES = 3

export interface Cluster {
  lb: string
  issuer: OidcIssuer
  redis: RestartableRedis
  apps: AppProcess[]
  /** Settings every app starts with (a step may add its own). */
  env: Record<string, string>
  /** (Re)starts every app with these settings, in parallel. */
  startAll(extra?: Record<string, string>): Promise<void>
  /** Restarts one app (a rolling change). */
  restart(index: number, extra?: Record<string, string>): Promise<void>
  /** Refresh-token grants the IdP has seen so far. */
  grants(): number
  stop(): Promise<void>
}

export async function startCluster(env: Record<string, string>): Promise<Cluster> {
  const [lbPort, redisPort, ...appPorts] = await Promise.all(Array.from({ length: INSTANCES + 2 }, () => freePort()))
  const lb = `http://127.0.0.1:${lbPort}`
  const issuer = await startOidcIssuer({
    accounts: Object.fromEntries(["ada", "bob", "cy", "dee", "eve", "fay"].map((sub) => [sub, { name: sub, email: `${sub}@example.com` }])),
    clients: [{ client_id: "corp-app", client_secret: "corp-secret", redirect_uris: [`${lb}/auth/callback/corp`] }],
    refreshTokens: true,
    // A token endpoint across a network takes time; a refresh race needs that window to show. A second,
    // so that the controls without a coordinator still race on a loaded 2-core CI machine (200 ms did not).
    tokenDelayMs: 1000,
  })
  const redis = await startRedisOn(redisPort!)
  let nginx: RunningNginx | undefined
  const apps: AppProcess[] = []
  const settings = (extra: Record<string, string>) => ({
    AUTH_SECRETS: JSON.stringify([OLD_SECRET]),
    OIDC_ISSUER: issuer.issuer,
    REDIS_URL: redis.url,
    ...cluster.env,
    ...extra,
  })
  const cluster: Cluster = {
    lb,
    issuer,
    redis,
    apps,
    env,
    async startAll(extra = {}) {
      await Promise.all(apps.map(stopApp))
      const started = await Promise.all(appPorts.map((port) => startApp(port!, settings(extra))))
      apps.splice(0, apps.length, ...started)
    },
    async restart(index, extra = {}) {
      await stopApp(apps[index])
      apps[index] = await startApp(appPorts[index]!, settings(extra))
    },
    grants: () => issuer.refreshGrants.requests,
    async stop() {
      await Promise.all(apps.map(stopApp))
      await nginx?.stop()
      await redis.stop()
      await issuer.stop()
    },
  }
  try {
    nginx = await startNginx(lbPort!, appPorts as number[])
    await cluster.startAll()
  } catch (error) {
    await cluster.stop()
    throw error
  }
  return cluster
}
