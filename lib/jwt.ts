/**
 * `nestjs-authjs/jwt`: the Auth.js session token codec, byte-compatible with `@auth/core/jwt`.
 *
 * @example
 * ```ts
 * import { encode, decode, getToken } from "nestjs-authjs/jwt"
 *
 * const token = await encode({ token: { sub: "42" }, secret, salt: "authjs.session-token" })
 * const claims = await decode({ token, secret, salt: "authjs.session-token" })
 * const fromRequest = await getToken({ req, secret })
 * ```
 */
export { encode, decode } from "./core/jwt/encode-decode.js"
export { DEFAULT_JWT_MAX_AGE } from "./core/config/defaults.js"
export { getToken } from "./core/session/get-token.js"
export type { GetTokenParams } from "./core/session/get-token.js"
export type { HeaderSource } from "./core/headers.js"
export type { JWTEncodeParams, JWTDecodeParams } from "./core/config/session-options.js"
export type { JWT } from "./core/vocabulary/models.js"
