/**
 * OpenAPI descriptions of the Auth.js routes, written as `@nestjs/swagger` metadata without importing
 * it: the keys below are the ones its decorators write and its scanner reads (`swagger/…`, stable
 * since @nestjs/swagger 4). Without @nestjs/swagger installed they are inert metadata.
 */
import { SetMetadata } from "@nestjs/common"
import type { Type } from "@nestjs/common"
import { AUTH_ROUTE_DOCS } from "../core/actions/route-docs.js"

/** The metadata keys of `@nestjs/swagger` (its `DECORATORS` constant). */
export const SWAGGER_METADATA = {
  operation: "swagger/apiOperation",
  responses: "swagger/apiResponse",
  parameters: "swagger/apiParameters",
  consumes: "swagger/apiConsumes",
  produces: "swagger/apiProduces",
  tags: "swagger/apiUseTags",
  security: "swagger/apiSecurity",
  excludeEndpoint: "swagger/apiExcludeEndpoint",
  excludeController: "swagger/apiExcludeController",
} as const

/** The tag the auth routes are listed under. */
const AUTH_OPENAPI_TAG = "Auth.js"

/** Metadata on a class or a handler function itself, as Nest's `SetMetadata` writes it. */
export function defineMetadata(target: object, key: string, value: unknown): void {
  SetMetadata(key, value)(target as never)
}

/** Writes the route docs on the auth controller's handlers; the catch-all route stays out of the document. */
export function documentAuthRoutes(controller: Type<unknown>, unmatchedHandler: string, include: boolean): void {
  if (!include) {
    defineMetadata(controller, SWAGGER_METADATA.excludeController, [true])
    return
  }
  defineMetadata(controller, SWAGGER_METADATA.tags, [AUTH_OPENAPI_TAG])
  const prototype = controller.prototype as Record<string, unknown>
  defineMetadata(prototype[unmatchedHandler] as object, SWAGGER_METADATA.excludeEndpoint, { disable: true })
  for (const [handler, doc] of Object.entries(AUTH_ROUTE_DOCS)) {
    const method = prototype[handler]
    if (typeof method !== "function") throw new Error(`auth.openapi: the auth controller has no handler ${handler}`)
    defineMetadata(method, SWAGGER_METADATA.operation, { summary: doc.summary, description: doc.description })
    defineMetadata(method, SWAGGER_METADATA.responses, doc.responses)
    // `type: String` as @nestjs/swagger's own decorators write it: its scanner then keeps our schema as is.
    if (doc.parameters) defineMetadata(method, SWAGGER_METADATA.parameters, doc.parameters.map((p) => ({ type: String, ...p })))
    if (doc.consumes) defineMetadata(method, SWAGGER_METADATA.consumes, doc.consumes)
    if (doc.produces) defineMetadata(method, SWAGGER_METADATA.produces, doc.produces)
  }
}
