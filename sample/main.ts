import "reflect-metadata"
import { Logger } from "@nestjs/common"
import { NestFactory } from "@nestjs/core"
import { AppModule } from "./app.module.js"
import { BASE_PATH, demoLogin } from "./auth.config.js"
import { MAILBOX_PATH } from "./dev-mailbox.js"

/** `PLATFORM=fastify npm start` runs the same app on Fastify; Express otherwise. */
async function createApp() {
  if (process.env.PLATFORM !== "fastify") return NestFactory.create(AppModule)
  // Loaded only when asked for: @nestjs/platform-fastify is an optional peer.
  const { FastifyAdapter } = await import("@nestjs/platform-fastify")
  return NestFactory.create(AppModule, new FastifyAdapter())
}

async function bootstrap(): Promise<void> {
  const app = await createApp()
  app.enableShutdownHooks()
  const port = Number(process.env.PORT ?? 3000)
  await app.listen(port)

  const url = `http://localhost:${port}`
  const logger = new Logger("Sample")
  logger.log(`Sample app on ${url}, ${app.getHttpAdapter().getType()} (sign in at ${url}${BASE_PATH}/signin)`)
  logger.log(`Demo logins: ${demoLogin.email} / ${demoLogin.password} (Credentials), or any username at "Dev IdP"`)
  logger.log(`Email sign-in: enter any address; the link appears at ${url}${MAILBOX_PATH}`)
}

void bootstrap()
