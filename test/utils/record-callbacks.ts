import type { CallbacksOptions } from "../../lib/core/config/callbacks.js"

type JwtParams = Parameters<CallbacksOptions["jwt"]>[0]

/** A `jwt` callback that keeps the token (Auth.js's default) and remembers every call's arguments. */
export function recordJwtCallback() {
  const calls: JwtParams[] = []
  return {
    calls,
    callback: (params: JwtParams) => {
      calls.push(params)
      return params.token
    },
  }
}
