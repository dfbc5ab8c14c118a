import type { ResolvedConfig } from "../config/types.js"
import { fireEvent } from "../events.js"
import type { AuthRequest } from "../vocabulary/http.js"
import { SignInLimited } from "../vocabulary/errors.js"
import type { ResolvedRule, SignInLimitedMessage } from "../vocabulary/limits.js"
import { clientKey, credentialsIdentifier, hashIdentifier, type CredentialFields } from "./limit-keys.js"

const PREFIX = "authjs:limit:"

interface Count {
  scope: "identifier" | "client"
  rule: ResolvedRule
  key: string
}

/** What a credentials attempt must report once `authorize` has spoken. */
export interface CredentialsAttempt {
  /** The credentials were right: the account's failures are cleared, the client's attempt given back. */
  succeeded(): Promise<void>
  /** No verdict on the credentials (`authorize` broke): both counts are given back. */
  abandoned(): Promise<void>
}

const nothingCounted: CredentialsAttempt = { succeeded: async () => {}, abandoned: async () => {} }

/**
 * Counts a credentials attempt as failed before `authorize` runs, so parallel guesses cannot all
 * slip in before the first failure is recorded; a success gives it back. Throws `SignInLimited`
 * when the account or the client has no attempts left in the window.
 */
export async function reserveCredentialsAttempt(
  config: ResolvedConfig,
  request: AuthRequest,
  provider: { id: string; credentials?: CredentialFields },
  credentials: Readonly<Record<string, unknown>>,
): Promise<CredentialsAttempt> {
  const rules = config.limits?.credentials
  if (!rules) return nothingCounted
  const identifier = credentialsIdentifier(credentials, provider.id, provider.credentials, rules.identify)
  const counts = countsFor(config, "credentials", request, identifier, rules)
  if (counts.length === 0) return nothingCounted
  const refused = await take(config, counts, { kind: "credentials", provider: provider.id, request, identifier })
  if (refused !== undefined) throw new SignInLimited(refused)
  const store = config.limits!.store
  return {
    async succeeded() {
      for (const count of counts) {
        await (count.scope === "identifier" ? store.reset(count.key) : store.decrement(count.key))
      }
    },
    async abandoned() {
      for (const count of counts) await store.decrement(count.key)
    },
  }
}

/** Counts a sign-in mail; false when the address or the client has used up its mails for the window. */
export async function emailAllowed(config: ResolvedConfig, request: AuthRequest, providerId: string, email: string): Promise<boolean> {
  const rules = config.limits?.email
  if (!rules) return true
  const counts = countsFor(config, "email", request, email, rules)
  const refused = await take(config, counts, { kind: "email", provider: providerId, request, identifier: email })
  return refused === undefined
}

function countsFor(
  config: ResolvedConfig,
  kind: "credentials" | "email",
  request: AuthRequest,
  identifier: string | undefined,
  rules: { perIdentifier?: ResolvedRule; perClient?: ResolvedRule },
): Count[] {
  const counts: Count[] = []
  const client = clientKey(request.clientAddress, config.limits!.ipv6Subnet)
  // The client first: a client already over its limit does not also use up the account's count.
  if (rules.perClient && client) counts.push({ scope: "client", rule: rules.perClient, key: `${PREFIX}${kind}:client:${client}` })
  if (rules.perIdentifier && identifier) {
    const key = `${PREFIX}${kind}:id:${hashIdentifier(config.secretString, identifier)}`
    counts.push({ scope: "identifier", rule: rules.perIdentifier, key })
  }
  return counts
}

interface Attempt {
  kind: SignInLimitedMessage["kind"]
  provider: string
  request: AuthRequest
  identifier?: string
}

/**
 * Adds one to each count in turn. The first one over its limit stops: the counts taken before it
 * are given back (a refused attempt is no failure) and its seconds until reset are returned.
 */
async function take(config: ResolvedConfig, counts: Count[], attempt: Attempt): Promise<number | undefined> {
  const store = config.limits!.store
  for (const [index, { scope, rule, key }] of counts.entries()) {
    const { count, resetMs } = await store.increment(key, rule.windowMs)
    if (count <= rule.max) continue
    for (const earlier of counts.slice(0, index)) await store.decrement(earlier.key)
    const retryAfter = Math.max(1, Math.ceil(resetMs / 1000))
    // Once per window and count: an attack of thousands of requests makes one line, not thousands.
    if (count === rule.max + 1) await report(config, attempt, scope, retryAfter)
    return retryAfter
  }
  return undefined
}

async function report(config: ResolvedConfig, attempt: Attempt, scope: Count["scope"], retryAfter: number): Promise<void> {
  const message: SignInLimitedMessage = {
    kind: attempt.kind,
    provider: attempt.provider,
    scope,
    identifierHash: attempt.identifier ? hashIdentifier(config.secretString, attempt.identifier) : undefined,
    client: clientKey(attempt.request.clientAddress, config.limits!.ipv6Subnet),
    retryAfter,
  }
  config.logger.warn("sign-in-limited", { ...message })
  await fireEvent(config, "signInLimited", message)
}
