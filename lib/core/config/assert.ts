import type { Adapter } from "../vocabulary/adapter.js"
import { MissingAdapter, MissingAdapterMethods, MissingSecret, UnsupportedStrategy, UntrustedHost } from "../vocabulary/errors.js"
import type { BootProblems } from "./boot-problems.js"
import type { AuthConfig, InternalProvider } from "./types.js"

const databaseMethods: Array<keyof Adapter> = [
  "createUser", "getUser", "getUserByEmail", "getUserByAccount", "updateUser",
  "linkAccount", "createSession", "getSessionAndUser", "updateSession", "deleteSession",
]

/** What an email provider needs of the adapter (§1.7 item 7). */
const emailMethods: Array<keyof Adapter> = ["createVerificationToken", "useVerificationToken", "getUserByEmail"]

// With the jwt strategy an adapter only stores users and accounts, which OAuth sign-ins need.
const oauthUserMethods: Array<keyof Adapter> = ["createUser", "getUserByEmail", "getUserByAccount", "linkAccount"]

/** Programmer mistakes in option types: thrown as TypeError at start-up, with a dotted path. */
export function assertOptionTypes(config: AuthConfig, problems: BootProblems): void {
  if (!config || typeof config !== "object") throw new TypeError("AuthModule options must be an object")
  if (!Array.isArray(config.providers)) problems.add(new TypeError("providers must be an array (it may be empty)"))
  const seconds = (path: string, value: unknown) => {
    if (value !== undefined && (typeof value !== "number" || !Number.isFinite(value) || value < 0)) {
      problems.add(new TypeError(`${path} must be a number of seconds (got ${JSON.stringify(value)})`))
    }
  }
  seconds("session.maxAge", config.session?.maxAge)
  seconds("session.updateAge", config.session?.updateAge)
  seconds("jwt.maxAge", config.jwt?.maxAge)
  const decodeCache: unknown = config.jwt?.decodeCache
  if (
    decodeCache !== undefined &&
    typeof decodeCache !== "boolean" &&
    !(typeof decodeCache === "object" && decodeCache !== null &&
      Number.isSafeInteger((decodeCache as { maxChars?: unknown }).maxChars) &&
      (decodeCache as { maxChars: number }).maxChars > 0)
  ) {
    problems.add(new TypeError(`jwt.decodeCache must be true, false or { maxChars: <positive integer> } (got ${JSON.stringify(decodeCache)})`))
  }
  const strategy = config.session?.strategy
  if (strategy !== undefined && strategy !== "jwt" && strategy !== "database") {
    problems.add(new TypeError(`session.strategy must be "jwt" or "database" (got ${JSON.stringify(strategy)})`))
  }
  if (config.basePath !== undefined && (typeof config.basePath !== "string" || !config.basePath.startsWith("/"))) {
    problems.add(new TypeError(`basePath must be a path starting with "/" (got ${JSON.stringify(config.basePath)})`))
  }
  for (const [name, fn] of Object.entries(config.callbacks ?? {})) {
    if (fn !== undefined && typeof fn !== "function") problems.add(new TypeError(`callbacks.${name} must be a function`))
  }
  for (const [name, fn] of Object.entries(config.events ?? {})) {
    if (fn !== undefined && typeof fn !== "function") problems.add(new TypeError(`events.${name} must be a function`))
  }
  for (const [name, path] of Object.entries(config.pages ?? {})) {
    if (path !== undefined && (typeof path !== "string" || !path)) problems.add(new TypeError(`pages.${name} must be a path such as "/login"`))
  }
  const secrets = Array.isArray(config.secret) ? config.secret : config.secret === undefined ? [] : [config.secret]
  secrets.forEach((s, i) => {
    if (typeof s !== "string") problems.add(new TypeError(`secret${Array.isArray(config.secret) ? `[${i}]` : ""} must be a string`))
  })
}

/** The Auth.js configuration checks (§1.7), run once at start-up instead of on every request; each problem is added. */
export function assertResolved(
  input: {
    secrets: string[]
    trustHost: boolean
    hasAuthUrl: boolean
    strategy: "jwt" | "database"
    adapter?: Adapter
    providers: readonly InternalProvider[]
  },
  problems: BootProblems,
): void {
  if (!input.trustHost && !input.hasAuthUrl) {
    problems.add(new UntrustedHost(
      "The host is not trusted. Set AUTH_URL to the URL users reach this app at, or set AUTH_TRUST_HOST=true " +
        "(or trustHost: true) when a proxy you control sets the Host and X-Forwarded-* headers.",
    ))
  }
  if (input.secrets.length === 0 || input.secrets.some((s) => !s)) {
    problems.add(new MissingSecret(
      "No secret configured. Set AUTH_SECRET (e.g. `openssl rand -base64 33`) or pass `secret` to AuthModule.forRoot().",
    ))
  }
  const types = input.providers.map((p) => p.type)
  if (input.strategy === "database" && types.length > 0 && types.every((t) => t === "credentials")) {
    problems.add(new UnsupportedStrategy(
      'session.strategy "database" cannot be used with only credentials providers: credentials sessions are always JWTs.',
    ))
  }
  const emailIndex = types.indexOf("email")
  if (emailIndex !== -1) {
    const email = `providers[${emailIndex}] (${input.providers[emailIndex]!.id}) is an email provider`
    const missing = emailMethods.filter((m) => typeof input.adapter?.[m] !== "function")
    if (!input.adapter) {
      problems.add(new MissingAdapter(
        `${email}: it needs an adapter to store users and sign-in tokens. Pass \`adapter\` ` +
          `(with createVerificationToken, useVerificationToken and getUserByEmail).`,
      ))
    } else if (missing.length) {
      problems.add(new MissingAdapterMethods(`${email}: the adapter needs the methods ${missing.join(", ")}`))
    }
  }
  if (input.strategy === "database") {
    const missing = databaseMethods.filter((m) => typeof input.adapter?.[m] !== "function")
    if (!input.adapter) {
      problems.add(new MissingAdapter('session.strategy "database" needs an adapter: pass `adapter` or use strategy "jwt".'))
    } else if (missing.length) {
      problems.add(new MissingAdapterMethods(`session.strategy "database" needs adapter methods: ${missing.join(", ")}`))
    }
  } else if (input.adapter && types.some((t) => t === "oauth" || t === "oidc")) {
    // Auth.js finds this out at the first OAuth sign-in; we say it at start-up.
    const missing = oauthUserMethods.filter((m) => typeof input.adapter![m] !== "function")
    if (missing.length) {
      problems.add(new MissingAdapterMethods(`OAuth sign-in with an adapter needs adapter methods: ${missing.join(", ")}`))
    }
  }
}
