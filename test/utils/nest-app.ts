import { NestFactory } from "@nestjs/core"
import type { NestExpressApplication } from "@nestjs/platform-express"

/** The HTTP platform the e2e apps run on: `TEST_PLATFORM=fastify` (see test/matrix/fastify) or Express. */
export const TEST_PLATFORM: "express" | "fastify" = process.env.TEST_PLATFORM === "fastify" ? "fastify" : "express"

export interface RunningApp {
  /** Typed as Express's for the suites' setup callbacks; a Fastify app under the Fastify matrix. */
  app: NestExpressApplication
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string
}

/** Boots a Nest app on 127.0.0.1 (a random port and that host unless given). Close it with `app.close()`. */
export async function startApp(
  module: unknown,
  setup?: (app: NestExpressApplication) => void,
  port = 0,
  host = "127.0.0.1",
  platform: { trustProxy?: string; name?: "express" | "fastify" } = {},
): Promise<RunningApp> {
  const options = { logger: process.env.TEST_NEST_LOGS ? undefined : false as const, abortOnError: false }
  // Which proxies may name the client: Express's `trust proxy` setting, Fastify's `trustProxy` option.
  const { trustProxy } = platform
  // A suite that needs one platform (Mercurius is Fastify's) names it; the others follow the run.
  const onFastify = (platform.name ?? TEST_PLATFORM) === "fastify"
  const app =
    onFastify
      ? // Imported only here, so the Express runs (and the Nest 12 matrix) never load Fastify.
        await NestFactory.create((module as never), new (await import("@nestjs/platform-fastify")).FastifyAdapter({ trustProxy }), options)
      : await NestFactory.create<NestExpressApplication>(module as never, options)
  if (trustProxy !== undefined && !onFastify) (app as NestExpressApplication).set("trust proxy", trustProxy)
  setup?.(app as NestExpressApplication)
  await app.listen(port, host)
  return { app: app as NestExpressApplication, url: (await app.getUrl()).replace("[::1]", "127.0.0.1") }
}
