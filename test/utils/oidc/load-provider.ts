import type Provider from "oidc-provider"

// oidc-provider 9 prints "Unsupported runtime. Use Node.js v22.x LTS, or a later LTS release." when it
// is loaded on Node 20. This library supports Node ^20.19 (package.json `engines`) and its tests run
// there on purpose; the provider works on it. Printed at every test file's start, the line buried the
// warnings that matter, so exactly that line is dropped, and only while the module loads.
const UNSUPPORTED_RUNTIME = "oidc-provider WARNING: Unsupported runtime."

let loading: Promise<typeof Provider> | undefined

/** The `Provider` class of oidc-provider, loaded once per module graph without its runtime warning. */
export function loadOidcProvider(): Promise<typeof Provider> {
  loading ??= withoutRuntimeWarning(() => import("oidc-provider")).then((module) => module.default)
  return loading
}

async function withoutRuntimeWarning<T>(load: () => Promise<T>): Promise<T> {
  const warn = console.warn
  console.warn = (...args: unknown[]) => {
    // The message may be wrapped in colour codes when stderr is a terminal.
    if (typeof args[0] === "string" && args[0].includes(UNSUPPORTED_RUNTIME)) return
    warn.apply(console, args)
  }
  try {
    return await load()
  } finally {
    console.warn = warn
  }
}
