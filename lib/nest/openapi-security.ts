import { Inject, Injectable } from "@nestjs/common"
import type { Type } from "@nestjs/common"
import { MetadataScanner, ModulesContainer, Reflector } from "@nestjs/core"
import type { ResolvedConfig } from "../core/config/types.js"
import { cookieDefs } from "../core/cookies.js"
import { AUTH_GUARD_OPTIONS, AUTH_OPENAPI, IS_PUBLIC_KEY, RESOLVED_CONFIG } from "./auth.constants.js"
import { AuthGuard } from "./auth.guard.js"
import { SWAGGER_METADATA, defineMetadata } from "./auth.openapi.js"
import type { ResolvedGuardOptions } from "./guard-options.js"
import type { ProviderSource } from "./test-session.js"

/** The OpenAPI security scheme of the session cookie (`addAuthSecuritySchemes` defines it). */
export const SESSION_SECURITY_SCHEME = "authjs-session"
/** The OpenAPI security scheme of `Authorization: Bearer` session tokens (with `bearer: true`). */
export const BEARER_SECURITY_SCHEME = "authjs-bearer"

/** What `AuthModule` adds to an `@nestjs/swagger` document (the `openApi` module option). */
export interface AuthOpenApiOptions {
  /** Describe the auth routes (tag `Auth.js`). Default `true`. */
  routes?: boolean
  /**
   * Give every route `AuthGuard` protects (and that is not `@Public()`) a security requirement: the
   * session cookie, or a bearer token when `bearer` is on. A route or controller with its own
   * `@ApiSecurity()` / `@ApiCookieAuth()` keeps its own. Default `true`.
   */
  security?: boolean
}

export type ResolvedOpenApiOptions = Required<AuthOpenApiOptions>

/** `false` turns both parts off; `true` or nothing turns both on. */
export function resolveOpenApiOptions(value: unknown): ResolvedOpenApiOptions {
  if (value === undefined || typeof value === "boolean") return { routes: value !== false, security: value !== false }
  const { routes = true, security = true } = (typeof value === "object" && value !== null ? value : {}) as AuthOpenApiOptions
  if (typeof value !== "object" || value === null || typeof routes !== "boolean" || typeof security !== "boolean") {
    throw new TypeError(`AuthModule: openApi must be true, false or { routes?: boolean, security?: boolean }, got ${JSON.stringify(value)}`)
  }
  return { routes, security }
}

/** Nest's `@UseGuards()` metadata key. */
const GUARDS_METADATA = "__guards__"
/** Nest's route method metadata key: present on every route handler. */
const METHOD_METADATA = "method"
/** Set beside the security requirements this module wrote. */
const MARKED_BY_AUTH = "nestjs-authjs:openapi-security"

/**
 * Marks the routes `AuthGuard` protects with an OpenAPI security requirement. It runs while the app
 * is created — before `SwaggerModule.createDocument()` can be called — reading the controllers Nest
 * has scanned: `@UseGuards(AuthGuard)` on a class or handler, or `AuthGuard` as an `APP_GUARD` provider
 * (`globalGuard: true`). A guard added with `app.useGlobalGuards()` is not seen: use `globalGuard`.
 */
@Injectable()
export class OpenApiSecurity {
  constructor(
    @Inject(ModulesContainer) modules: ModulesContainer,
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AUTH_OPENAPI) options: ResolvedOpenApiOptions,
    @Inject(AUTH_GUARD_OPTIONS) guardOptions: ResolvedGuardOptions,
  ) {
    const requirements = [{ [SESSION_SECURITY_SCHEME]: [] }, ...(guardOptions.bearer ? [{ [BEARER_SECURITY_SCHEME]: [] }] : [])]
    const global = [...modules.values()].some((module) =>
      [...module.providers].some(([token, wrapper]) => typeof token === "string" && token.startsWith("APP_GUARD") && isAuthGuardProvider(wrapper)),
    )
    const scanner = new MetadataScanner()
    for (const module of modules.values()) {
      for (const wrapper of module.controllers.values()) {
        const controller = wrapper.metatype as Type<unknown> | null
        if (typeof controller !== "function") continue
        for (const name of scanner.getAllMethodNames(controller.prototype)) {
          const handler = (controller.prototype as Record<string, unknown>)[name] as object
          if (this.reflector.get(METHOD_METADATA, handler as never) === undefined) continue
          // Metadata lives on the classes, which another app in the process may share: what an
          // earlier AuthModule wrote is rewritten, what the app wrote itself is left alone.
          const ours = this.reflector.get(MARKED_BY_AUTH, handler as never) === true
          if (!ours && this.hasOwnSecurity(controller, handler)) continue
          const mark = options.security && this.isGuarded(controller, handler, global)
          if (!mark && !ours) continue
          defineMetadata(handler, SWAGGER_METADATA.security, mark ? requirements : undefined)
          defineMetadata(handler, MARKED_BY_AUTH, mark)
        }
      }
    }
  }

  private isGuarded(controller: Type<unknown>, handler: object, global: boolean): boolean {
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [handler as never, controller]) === true) return false
    if (global) return true
    const guards = [controller, handler].flatMap((target) => (this.reflector.get<unknown[] | undefined>(GUARDS_METADATA, target as never) ?? []))
    return guards.some(isAuthGuard)
  }

  private hasOwnSecurity(controller: Type<unknown>, handler: object): boolean {
    return [controller, handler].some((target) => this.reflector.get(SWAGGER_METADATA.security, target as never) !== undefined)
  }
}

function isAuthGuard(guard: unknown): boolean {
  if (guard instanceof AuthGuard) return true
  return typeof guard === "function" && (guard === AuthGuard || guard.prototype instanceof AuthGuard)
}

/** `{ provide: APP_GUARD, useClass: AuthGuard }`, or `useExisting: AuthGuard` (what `globalGuard: true` registers). */
function isAuthGuardProvider(wrapper: { metatype?: unknown; inject?: unknown; instance?: unknown }): boolean {
  return isAuthGuard(wrapper.metatype) || isAuthGuard(wrapper.instance) || (Array.isArray(wrapper.inject) && wrapper.inject.some(isAuthGuard))
}

/** The part of an OpenAPI document `addAuthSecuritySchemes` writes to. */
export interface OpenApiDocumentLike {
  components?: { securitySchemes?: Record<string, unknown> }
}

/**
 * Defines the security schemes the auth-guarded routes refer to, in an `@nestjs/swagger` document:
 * `authjs-session` (the session cookie, named as this app names it) and, with `bearer: true`,
 * `authjs-bearer`. Returns the same document.
 *
 * @example
 * ```ts
 * const document = addAuthSecuritySchemes(app, SwaggerModule.createDocument(app, config))
 * SwaggerModule.setup("docs", app, document)
 * ```
 * @throws Error when the app has no `AuthModule`.
 */
export function addAuthSecuritySchemes<T extends OpenApiDocumentLike>(app: ProviderSource, document: T): T {
  const config = app.get(RESOLVED_CONFIG, { strict: false }) as ResolvedConfig
  const guard = app.get(AUTH_GUARD_OPTIONS, { strict: false }) as ResolvedGuardOptions
  const name = cookieDefs(config, config.useSecureCookies === true).sessionToken.name
  const schemes: Record<string, unknown> = {
    [SESSION_SECURITY_SCHEME]: {
      type: "apiKey",
      in: "cookie",
      name,
      description:
        `The Auth.js session cookie, set by signing in under the auth routes` +
        (config.useSecureCookies === undefined ? ` (\`${cookieDefs(config, true).sessionToken.name}\` on https)` : ""),
    },
  }
  if (guard.bearer) {
    schemes[BEARER_SECURITY_SCHEME] = {
      type: "http",
      scheme: "bearer",
      description: "A session token (the session cookie's value, or one from AuthService.issueToken)",
    }
  }
  document.components = { ...document.components, securitySchemes: { ...document.components?.securitySchemes, ...schemes } }
  return document
}
