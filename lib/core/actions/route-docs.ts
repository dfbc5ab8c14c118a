/**
 * The Auth.js HTTP API under `basePath`, described for OpenAPI (Swagger 2 parameter style, as
 * `@nestjs/swagger` metadata takes it): one entry per route, by the name of the handler that serves it.
 */

export type Schema = Record<string, unknown>
export interface Parameter {
  name: string
  in: "path" | "query" | "header" | "body"
  required: boolean
  description?: string
  schema: Schema
}
export interface Response {
  description: string
  schema?: Schema
}
export interface RouteDoc {
  summary: string
  description?: string
  parameters?: Parameter[]
  responses: Record<number, Response>
  /** The body's content types (POST). */
  consumes?: string[]
  produces?: string[]
}

const string: Schema = { type: "string" }
const FORM = ["application/x-www-form-urlencoded", "application/json"]
const HTML = ["text/html"]
const JSON_ONLY = ["application/json"]

const provider: Parameter = {
  name: "provider",
  in: "path",
  required: true,
  description: "A provider id from `GET providers`, e.g. `github`",
  schema: string,
}
const callbackUrl: Parameter = {
  name: "callbackUrl",
  in: "query",
  required: false,
  description: "Where to send the user afterwards (same origin unless the `redirect` callback allows it)",
  schema: string,
}
const returnRedirect: Parameter = {
  name: "X-Auth-Return-Redirect",
  in: "header",
  required: false,
  description: "Sent by the Auth.js browser clients: answer `200 { url }` instead of a redirect",
  schema: { type: "string", enum: ["1"] },
}
const body = (properties: Record<string, Schema>, required: string[]): Parameter => ({
  name: "body",
  in: "body",
  required: true,
  schema: { type: "object", properties, required },
})
const csrfToken: Schema = { type: "string", description: "The token from `GET csrf` (double-submit check)" }

const session: Schema = {
  type: "object",
  nullable: true,
  description: "The session (your `session` callback shapes it), or `null` without one",
  properties: {
    user: {
      type: "object",
      properties: { name: { type: "string", nullable: true }, email: { type: "string", nullable: true }, image: { type: "string", nullable: true } },
    },
    expires: { type: "string", format: "date-time" },
  },
}
const redirect = (to: string): Response => ({ description: `Redirect (302) to ${to}; \`200 { url }\` with X-Auth-Return-Redirect` })
const badRequest: Response = { description: "Unknown action or malformed request: `\"Bad request.\"`" }
const page = (what: string): Response => ({ description: `The built-in ${what} page (or a redirect to your own in \`pages\`)` })

/** One entry per handler of the auth controller, by method name. */
export const AUTH_ROUTE_DOCS: Record<string, RouteDoc> = {
  providers: {
    summary: "List the configured providers",
    produces: JSON_ONLY,
    responses: {
      200: {
        description: "Providers by id, with the URLs to sign in and the callback URL to register at the IdP",
        schema: {
          type: "object",
          additionalProperties: {
            type: "object",
            properties: { id: string, name: string, type: string, signinUrl: string, callbackUrl: string },
          },
        },
      },
    },
  },
  csrf: {
    summary: "Get a CSRF token",
    description: "Also sets the CSRF cookie the token is checked against. Every POST needs both.",
    produces: JSON_ONLY,
    responses: { 200: { description: "The token", schema: { type: "object", properties: { csrfToken: string } } } },
  },
  session: {
    summary: "Read the session",
    description: "Re-issues the session cookie when it is due (sliding expiry).",
    produces: JSON_ONLY,
    responses: { 200: { description: "The session or `null`", schema: session } },
  },
  updateSession: {
    summary: "Update the session",
    description: "Runs the `jwt` callback with `trigger: \"update\"` and the posted `data`.",
    consumes: FORM,
    produces: JSON_ONLY,
    parameters: [body({ csrfToken, data: { type: "object", description: "Passed to the jwt callback as `session`" } }, ["csrfToken"])],
    responses: { 200: { description: "The updated session, or `null`", schema: session } },
  },
  signInPage: {
    summary: "The sign-in page",
    produces: HTML,
    parameters: [callbackUrl, { name: "error", in: "query", required: false, description: "An error type to explain", schema: string }],
    responses: { 200: page("sign-in"), 302: { description: "Redirect to `pages.signIn`" } },
  },
  signIn: {
    summary: "Go to the sign-in page",
    consumes: FORM,
    parameters: [body({ csrfToken, callbackUrl: string }, [])],
    responses: { 302: redirect("the sign-in page") },
  },
  signInWith: {
    summary: "Sign in with a provider",
    description: "OAuth/OIDC: redirects to the IdP with PKCE, state and nonce cookies. Email: sends a link.",
    consumes: FORM,
    parameters: [provider, returnRedirect, body({ csrfToken, callbackUrl: string, email: { type: "string", description: "Email providers" } }, ["csrfToken"])],
    responses: { 302: redirect("the identity provider, or `verify-request` for email"), 400: badRequest },
  },
  callback: {
    summary: "Provider callback (OAuth/OIDC redirect, email link)",
    parameters: [
      provider,
      { name: "code", in: "query", required: false, description: "OAuth authorization code", schema: string },
      { name: "state", in: "query", required: false, description: "OAuth state", schema: string },
      { name: "token", in: "query", required: false, description: "Email sign-in token", schema: string },
    ],
    responses: { 302: redirect("`callbackUrl` with the session cookie set, or the error page") },
  },
  callbackPost: {
    summary: "Provider callback (credentials, form_post)",
    description: "Credentials: the posted fields go to `authorize`. OIDC `response_mode=form_post`: code and state.",
    consumes: FORM,
    parameters: [
      provider,
      returnRedirect,
      {
        name: "body",
        in: "body",
        required: true,
        schema: { type: "object", properties: { csrfToken, callbackUrl: string }, additionalProperties: true },
      },
    ],
    responses: { 302: redirect("`callbackUrl` with the session cookie set, or the sign-in page with `error`") },
  },
  signOutPage: {
    summary: "The sign-out page",
    produces: HTML,
    responses: { 200: page("sign-out confirmation") },
  },
  signOut: {
    summary: "Sign out",
    description: "Ends the session (the adapter's row too) and clears every session cookie chunk.",
    consumes: FORM,
    parameters: [returnRedirect, body({ csrfToken, callbackUrl: string }, ["csrfToken"])],
    responses: { 302: redirect("`callbackUrl`") },
  },
  error: {
    summary: "The error page",
    produces: HTML,
    parameters: [{ name: "error", in: "query", required: false, description: "The error type, e.g. `AccessDenied`", schema: string }],
    responses: { 200: page("error"), 302: { description: "Redirect to `pages.error`" } },
  },
  verifyRequest: {
    summary: "The \"check your email\" page",
    produces: HTML,
    responses: { 200: page("verify-request") },
  },
}
