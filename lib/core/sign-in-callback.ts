import type { CallbacksOptions } from "./config/callbacks.js"
import type { RequestContext } from "./context.js"
import { AccessDenied, isAuthErrorLike } from "./vocabulary/errors.js"

/**
 * Runs `callbacks.signIn`: `true` continues (returns undefined), a string is a redirect target
 * (returned after `callbacks.redirect`), anything falsy or a thrown non-Auth error is `AccessDenied`.
 */
export async function runSignInCallback(
  ctx: RequestContext,
  params: Parameters<CallbacksOptions["signIn"]>[0],
): Promise<string | undefined> {
  let result: boolean | string
  try {
    result = await ctx.config.callbacks.signIn(params)
  } catch (error) {
    if (isAuthErrorLike(error)) throw error
    throw new AccessDenied("The signIn callback threw", { cause: error })
  }
  if (typeof result === "string") {
    return ctx.config.callbacks.redirect({ url: result, baseUrl: ctx.origin })
  }
  if (!result) throw new AccessDenied("The signIn callback returned false")
  return undefined
}
