/**
 * `nestjs-authjs/testing`: helpers for your own tests.
 *
 * `AuthModule.forRoot({ globalGuard: true })` registers the guard as `{ provide: APP_GUARD,
 * useExisting: AuthGuard }`, so `Test.createTestingModule(…).overrideProvider(AuthGuard)` replaces it
 * (and `overrideGuard(AuthGuard)` replaces `@UseGuards(AuthGuard)`); or keep the real guard and sign a
 * user in with `createTestSession`.
 *
 * @example
 * ```ts
 * import { createTestSession } from "nestjs-authjs/testing"
 *
 * const session = await createTestSession(app, { id: "1", email: "ada@example.com" })
 * await request(app.getHttpServer()).get("/me").set("Cookie", session.cookie).expect(200)
 * ```
 */
export { createTestSession } from "./nest/test-session.js"
export type { ProviderSource, TestSession, TestSessionOptions } from "./nest/test-session.js"
