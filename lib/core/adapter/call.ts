import type { Adapter } from "../vocabulary/adapter.js"
import { reportAdapterSuccess } from "./outage.js"
import type { ResolvedConfig } from "../config/types.js"
import { AdapterError } from "../vocabulary/errors.js"

type Method = keyof Adapter
type Fn<M extends Method> = NonNullable<Adapter[M]> extends (...args: infer A) => infer R ? (...args: A) => R : never

/**
 * Calls an adapter method with Auth.js's conventions: a debug line per call, and any exception
 * rethrown as `AdapterError` (which reaches users only as `Configuration`). A success ends an
 * outage (see adapter-outage.ts).
 */
export async function adapterCall<M extends Method>(
  config: ResolvedConfig,
  method: M,
  ...args: Parameters<Fn<M>>
): Promise<Awaited<ReturnType<Fn<M>>>> {
  const fn = config.adapter?.[method] as ((...a: unknown[]) => unknown) | undefined
  if (!fn) throw new AdapterError(`The adapter has no ${String(method)} method`)
  config.logger.debug(`adapter_${String(method)}`)
  let result: unknown
  try {
    result = await fn.apply(config.adapter, args)
  } catch (error) {
    throw new AdapterError(`adapter.${String(method)} failed`, { cause: error })
  }
  reportAdapterSuccess(config)
  return result as Awaited<ReturnType<Fn<M>>>
}
