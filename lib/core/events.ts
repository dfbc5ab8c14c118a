import type { EventCallbacks } from "./config/callbacks.js"
import type { ResolvedConfig } from "./config/types.js"
import { EventError } from "./vocabulary/errors.js"

/** Runs an event handler; a throwing handler is logged and never breaks the flow. */
export async function fireEvent<K extends keyof EventCallbacks>(
  config: ResolvedConfig,
  name: K,
  message: Parameters<EventCallbacks[K]>[0],
): Promise<void> {
  const handler = config.events[name] as ((m: typeof message) => unknown) | undefined
  if (!handler) return
  try {
    await handler(message)
  } catch (error) {
    config.logger.error(new EventError(`The ${name} event handler threw`, { cause: error }))
  }
}
