/** One row of the HTTP table: a route of one server process, hit with one set of headers. */
export interface Scenario {
  id: string
  label: string
  server: string
  path: string
  headers: Record<string, string>
  /** The status every response must have; anything else fails the run. */
  status: number
  /** The scenario whose req/s, measured in the same round, this one is divided by. */
  baseline: string
  /** The target for that ratio, when there is one. */
  target?: number
}

export interface Credentials {
  /** The Cookie header of a signed-in browser (JWT session). */
  jwtCookie: string
  /** The same header with a database session's token instead. */
  databaseCookie: string
  /** An HS256 JWT for passport-jwt. */
  bearer: string
}

/** Servers in the order they start: the names of files in servers/. */
export const SERVERS = [
  "nest-authjs",
  "nest-no-decode-cache",
  "nest-global-guard",
  "nest-database",
  "nest-database-cache",
  "nest-jose",
  "nest-passport",
  "express-authjs",
  "nest-fastify",
  // Not files: nest-authjs processes behind Debian's nginx (bench/nginx.ts).
  "nginx-1",
  "nginx-2",
]

export function scenarios(c: Credentials): Scenario[] {
  const cookie = { cookie: c.jwtCookie }
  return [
    { id: "nest-plain", label: "Nest, plain route", server: "nest-authjs", path: "/plain", headers: cookie, status: 200, baseline: "nest-plain" },
    { id: "nest-allow-guard", label: "Nest, a guard that only returns true", server: "nest-authjs", path: "/allowed", headers: cookie, status: 200, baseline: "nest-plain" },
    { id: "nest-guarded", label: "Nest, AuthGuard, JWT cookie", server: "nest-authjs", path: "/guarded", headers: cookie, status: 200, baseline: "nest-plain", target: 0.9 },
    { id: "nest-guarded-no-cache", label: "Nest, AuthGuard, JWT cookie, jwt.decodeCache off", server: "nest-no-decode-cache", path: "/guarded", headers: cookie, status: 200, baseline: "nest-plain" },
    { id: "nest-guarded-session", label: "Nest, AuthGuard + @Session(), JWT cookie", server: "nest-authjs", path: "/guarded-session", headers: cookie, status: 200, baseline: "nest-plain" },
    { id: "nest-anonymous", label: "Nest, AuthGuard, no cookie (401)", server: "nest-authjs", path: "/guarded", headers: {}, status: 401, baseline: "nest-plain", target: 0.95 },
    { id: "nest-throw-401", label: "Nest, route that throws 401 (no guard)", server: "nest-authjs", path: "/unauthorized", headers: {}, status: 401, baseline: "nest-plain" },
    { id: "nest-public", label: "Nest, @Public() under global AuthGuard", server: "nest-global-guard", path: "/public", headers: cookie, status: 200, baseline: "nest-plain" },
    { id: "nest-database", label: "Nest, AuthGuard, database session (PostgreSQL)", server: "nest-database", path: "/guarded", headers: { cookie: c.databaseCookie }, status: 200, baseline: "nest-plain", target: 0.6 },
    { id: "nest-database-cache", label: "Nest, AuthGuard, database session, session.readCache 5 s", server: "nest-database-cache", path: "/guarded", headers: { cookie: c.databaseCookie }, status: 200, baseline: "nest-plain" },
    { id: "nest-nginx-1", label: "Nest, AuthGuard, JWT cookie, one instance through nginx", server: "nginx-1", path: "/guarded", headers: cookie, status: 200, baseline: "nest-plain" },
    { id: "nest-nginx-2", label: "Nest, AuthGuard, JWT cookie, two instances through nginx (one core)", server: "nginx-2", path: "/guarded", headers: cookie, status: 200, baseline: "nest-nginx-1" },
    { id: "nest-jose", label: "anchor: Nest, hand-written jose guard", server: "nest-jose", path: "/guarded", headers: cookie, status: 200, baseline: "nest-plain" },
    { id: "nest-passport", label: "anchor: Nest, @nestjs/passport + passport-jwt", server: "nest-passport", path: "/guarded", headers: { authorization: `Bearer ${c.bearer}` }, status: 200, baseline: "nest-plain" },
    { id: "express-plain", label: "anchor: Express, plain route", server: "express-authjs", path: "/plain", headers: cookie, status: 200, baseline: "express-plain" },
    { id: "express-authjs", label: "anchor: Express, @auth/express getSession", server: "express-authjs", path: "/guarded", headers: cookie, status: 200, baseline: "express-plain" },
    { id: "fastify-plain", label: "Nest on Fastify, plain route", server: "nest-fastify", path: "/plain", headers: cookie, status: 200, baseline: "fastify-plain" },
    { id: "fastify-guarded", label: "Nest on Fastify, AuthGuard, JWT cookie", server: "nest-fastify", path: "/guarded", headers: cookie, status: 200, baseline: "fastify-plain" },
  ]
}
