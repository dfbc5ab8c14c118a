import { NestFactory } from "@nestjs/core"
import type { NestExpressApplication } from "@nestjs/platform-express"

export interface RunningApp {
  app: NestExpressApplication
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string
}

/** Boots a Nest app on 127.0.0.1 (a random port unless given). Close it with `app.close()`. */
export async function startApp(
  module: unknown,
  setup?: (app: NestExpressApplication) => void,
  port = 0,
): Promise<RunningApp> {
  const app = await NestFactory.create<NestExpressApplication>(module as never, {
    logger: process.env.TEST_NEST_LOGS ? undefined : false,
    abortOnError: false,
  })
  setup?.(app)
  await app.listen(port, "127.0.0.1")
  return { app, url: (await app.getUrl()).replace("[::1]", "127.0.0.1") }
}
