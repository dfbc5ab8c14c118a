// Nest + AuthModule with database sessions in PostgreSQL through @auth/pg-adapter (BENCH_PG_URL):
// the app of the nest-database and nest-database-cache servers, which differ only in session.readCache.
import { Controller, Get, Module, UseGuards } from "@nestjs/common"
import pg from "pg"
import { AuthGuard, AuthModule } from "../../lib/index.js"
import type { Adapter } from "../../lib/index.js"
import GitHub from "../../lib/providers/github.js"
import { BENCH_SECRET, benchUser, greeting } from "../fixtures.js"
import { serveNest } from "./serve.js"

@Controller()
class BenchController {
  @UseGuards(AuthGuard)
  @Get("guarded")
  guarded() {
    return greeting(benchUser.name)
  }
}

export async function serveDatabaseSessions(readCache?: { maxAge: number }): Promise<void> {
  // @auth/pg-adapter is ESM with an import-only exports map.
  const { default: PostgresAdapter } = await import("@auth/pg-adapter")
  const pool = new pg.Pool({ connectionString: process.env.BENCH_PG_URL, max: 8 })

  @Module({
    imports: [
      AuthModule.forRoot({
        secret: BENCH_SECRET,
        trustHost: true,
        session: { strategy: "database", readCache },
        adapter: PostgresAdapter(pool) as Adapter,
        providers: [GitHub({ clientId: "bench", clientSecret: "bench" })],
      }),
    ],
    controllers: [BenchController],
  })
  class BenchModule {}

  await serveNest(BenchModule, (app) => {
    const close = app.close.bind(app)
    app.close = async () => {
      await close()
      await pool.end()
    }
  })
}

