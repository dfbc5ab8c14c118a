// Prints the platform the Fastify matrix loaded, once per run, so a CI log shows what was tested.
import { createRequire } from "node:module"

export default function printPlatform(): void {
  const require = createRequire(import.meta.url)
  const version = (name: string) => (require(`${name}/package.json`) as { version: string }).version
  if (process.env.TEST_PLATFORM !== "fastify") throw new Error("test:fastify: TEST_PLATFORM=fastify is not set")
  console.log(`test:fastify platform: @nestjs/platform-fastify ${version("@nestjs/platform-fastify")}, fastify ${version("fastify")}, @nestjs/core ${version("@nestjs/core")}`)
}
