import type { Server } from "node:http"
import type { AddressInfo } from "node:net"
import { Controller, Get, Module, UseGuards, type DynamicModule } from "@nestjs/common"
import { ExpressAuth } from "@auth/express"
import express from "express"
import { AuthGuard, AuthModule, Session } from "../../../lib/index.js"
import { CookieJar } from "../../utils/cookie-jar.js"
import { startApp } from "../../utils/nest-app.js"
import { followAuthorization } from "../../utils/oidc/index.js"

/** One secret for every deployment: the state is a JWE only its holders can read or mint. */
export const SECRET = "redirect-proxy-secret-shared-by-every-deployment-0123"
export const SESSION = "authjs.session-token"
export const STABLE_HOST = "127.0.0.1"
export const PREVIEW_HOST = "127.0.0.2"

/** A running deployment: its origin, and how to stop it. */
export interface Deployment {
  url: string
  /** What the engine logged as errors, and its refusals (warn `refused-request`) as `{ type, message }`. */
  errors: Error[]
  close(): Promise<void>
}

/** The provider every deployment uses, as one would write it for Auth.js. */
export function corpProvider(issuer: string) {
  return { id: "corp", name: "Corp SSO", type: "oidc" as const, issuer, clientId: "corp-app", clientSecret: "corp-secret" }
}

@Controller("profile")
@UseGuards(AuthGuard)
class ProfileController {
  @Get()
  me(@Session() session: Session) {
    return session
  }
}

function deploymentModule(issuer: string, redirectProxyUrl: string, secret: string, errors: Error[]): DynamicModule {
  // A refusal (InvalidCheck, …) is one warn line, "<type>: <message>"; kept here beside real errors.
  const refusal = (detail: string) => Object.assign(new Error(detail.slice(detail.indexOf(": ") + 2)), { type: detail.slice(0, detail.indexOf(": ")) })
  const logger = {
    error: (error: Error) => void errors.push(error),
    warn: (code: string, detail?: unknown) => void (code === "refused-request" && typeof detail === "string" && errors.push(refusal(detail))),
    debug: () => {},
  }
  @Module({
    imports: [AuthModule.forRoot({ secret, trustHost: true, redirectProxyUrl, providers: [corpProvider(issuer)], logger })],
    controllers: [ProfileController],
  })
  class DeploymentModule {}
  return { module: DeploymentModule }
}

/** Our Nest app on `host:port` (port 0: any), with the redirect proxy configured. */
export async function startNestDeployment(
  host: string,
  port: number,
  issuer: string,
  redirectProxyUrl: string,
  secret = SECRET,
): Promise<Deployment> {
  const errors: Error[] = []
  // On the platform of the run (Fastify under test:fastify); @auth/express deployments stay Express.
  const { app } = await startApp(deploymentModule(issuer, redirectProxyUrl, secret, errors), undefined, port, host)
  const { port: bound } = app.getHttpServer().address() as AddressInfo
  return { url: `http://${host}:${bound}`, errors, close: () => app.close() }
}

/** `@auth/express` on `host:port` with the same provider, secret and redirect proxy. */
export async function startAuthjsDeployment(
  host: string,
  port: number,
  issuer: string,
  redirectProxyUrl: string,
): Promise<Deployment> {
  const app = express()
  const config = {
    secret: SECRET,
    trustHost: true,
    basePath: "/auth",
    redirectProxyUrl,
    providers: [corpProvider(issuer)],
    logger: { error: () => {}, warn: () => {}, debug: () => {} },
  }
  app.use("/auth", ExpressAuth(config))
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(port, host, () => resolve(s))
  })
  const { port: bound } = server.address() as AddressInfo
  return {
    url: `http://${host}:${bound}`,
    errors: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

const form = (fields: Record<string, string>): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
})

/** Every hop of a sign-in started on `deployment`, as a browser makes them. */
export interface ProxiedSignIn {
  authorizationUrl: URL
  /** Where the IdP sent the browser (the stable deployment's callback). */
  idpCallback: URL
  /** The stable deployment's answer to it. */
  proxyAnswer: Response
  /** The preview's answer to the forwarded callback (undefined when the proxy did not forward). */
  previewAnswer?: Response
}

/** CSRF, POST signin/corp on `deployment`, the IdP, the stable deployment's callback, then its forward. */
export async function signInOn(jar: CookieJar, deployment: string, callbackUrl: string): Promise<ProxiedSignIn> {
  const { csrfToken } = (await (await jar.fetch(`${deployment}/auth/csrf`)).json()) as { csrfToken: string }
  const start = await jar.fetch(`${deployment}/auth/signin/corp`, form({ csrfToken, callbackUrl }))
  const location = start.headers.get("location")
  if (start.status !== 302 || !location) throw new Error(`sign-in did not start: ${start.status} ${location}`)
  const authorizationUrl = new URL(location)
  const { callbackUrl: idpCallback } = await followAuthorization(location)
  const proxyAnswer = await jar.fetch(idpCallback)
  const forward = proxyAnswer.headers.get("location")
  const forwarded = forward && new URL(forward).origin !== idpCallback.origin && forward.includes("/auth/callback/")
  const previewAnswer = forwarded ? await jar.fetch(forward) : undefined
  return { authorizationUrl, idpCallback, proxyAnswer, previewAnswer }
}
