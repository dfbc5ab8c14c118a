import type { Awaitable } from "./vocabulary/models.js"

/*
 * The session check runs on every request and usually has nothing to wait for (a cookie decoded
 * with node:crypto, default or synchronous callbacks). These helpers let it stay synchronous in that
 * case and become a promise only when something really is asynchronous: each avoided promise is an
 * allocation and a trip through the microtask queue per request (#9).
 */

export function isPromiseLike<T>(value: Awaitable<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === "function"
}

/** `next(value)` (not named `then`: a module exporting `then` is a thenable), now when `value` is ready, else once it resolves (as a real Promise). */
export function andThen<T, R>(value: Awaitable<T>, next: (value: T) => Awaitable<R>): Awaitable<R> {
  return isPromiseLike(value) ? Promise.resolve(value).then(next) : next(value)
}

/**
 * Runs `work`; a synchronous throw or a rejection both end in `recover`. The result is synchronous
 * when `work`'s is.
 */
export function attempt<T>(work: () => Awaitable<T>, recover: (error: unknown) => T): Awaitable<T> {
  let result: Awaitable<T>
  try {
    result = work()
  } catch (error) {
    return recover(error)
  }
  return isPromiseLike(result) ? Promise.resolve(result).catch(recover) : result
}
