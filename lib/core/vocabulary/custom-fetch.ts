/**
 * Set `[customFetch]` on a provider to replace `fetch` for its discovery, token, userinfo and JWKS
 * requests (proxies, logging, tests), as with `@auth/core`'s symbol of the same name.
 * `Symbol.for`, so the CommonJS and ESM builds of this package agree on it.
 */
export const customFetch: unique symbol = Symbol.for("nestjs-authjs.custom-fetch")

/** The fetch replacement a provider may carry under `[customFetch]`. */
export type CustomFetch = (url: string, init: RequestInit) => Promise<Response>
