import type { DefaultSession } from "./core/vocabulary/models.js"
import { Session as sessionDecorator } from "./nest/session.decorator.js"

/**
 * The current session: what `GET <basePath>/session` returns, shaped by the `session` callback.
 * `DefaultSession` plus whatever your callback adds; describe those fields by module augmentation,
 * as with Auth.js:
 *
 * ```ts
 * declare module "nestjs-authjs" {
 *   interface Session { user: { role: "admin" | "user" } & DefaultSession["user"] }
 * }
 * ```
 *
 * The interface is declared here, beside the decorator of the same name, because TypeScript merges an
 * augmentation of `nestjs-authjs` only into a declaration that lives with the exported value.
 */
// No index signature, as in Auth.js: a misspelt field (`session.usr`) must fail to compile, and the
// fields an app adds are declared by augmentation, which is what gives them their types.
export interface Session extends DefaultSession {}

// The engine's own `Session` (callbacks, AuthService) is this one: its declaration in the vocabulary
// is empty and takes its members from here, so the engine never imports this file.
declare module "./core/vocabulary/models.js" {
  interface Session extends PublicSession {}
}
type PublicSession = Session

/**
 * Injects the current session, or `null` when there is none, in HTTP controllers, GraphQL resolvers
 * and WebSocket gateways.
 *
 * Behind `AuthGuard` it is the session the guard read. Elsewhere (such as `@Public()` routes) it reads
 * the session itself through `AuthService`, so a public page can still greet a signed-in user; the
 * cookie is still decoded only once per request.
 *
 * Import it from `nestjs-authjs`, not `@nestjs/common` (whose `Session` is express-session's).
 *
 * @example
 * ```ts
 * @Get("me")
 * me(@Session() session: Session) { return session.user }
 *
 * @Public()
 * @Get()
 * home(@Session() session: Session | null) { return session ? "Welcome back" : "Hello" }
 * ```
 */
export const Session: () => ParameterDecorator = sessionDecorator
