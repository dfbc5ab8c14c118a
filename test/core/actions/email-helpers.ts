import { expect } from "vitest"
import { MemoryAdapter } from "../../../lib/adapters/memory-adapter.js"
import type { AuthConfig } from "../../../lib/core/config/types.js"
import type { EmailConfig, SendVerificationRequestParams } from "../../../lib/providers/types.js"
import { applyCookies, getCsrf, makeAuthRequest } from "../../utils/make-auth-request.js"
import { recordingLogger, testConfig } from "../../utils/test-config.js"

// Shared by the email sign-in specs: a recording email provider, a config with the memory
// adapter, and the steps a user takes (request a link, open it).

/** An email provider that records what it would send. */
export function recordingEmail(overrides: Partial<EmailConfig> = {}) {
  const sent: SendVerificationRequestParams[] = []
  const provider: EmailConfig = {
    id: "email",
    name: "Email",
    type: "email",
    sendVerificationRequest: (params) => void sent.push(params),
    ...overrides,
  }
  return { provider, sent }
}

export function setup(overrides: Partial<AuthConfig> = {}, email = recordingEmail()) {
  const adapter = MemoryAdapter()
  const log = recordingLogger()
  const config = testConfig({
    providers: [email.provider],
    adapter,
    session: { strategy: "jwt" },
    logger: log.logger,
    ...overrides,
  })
  return { config, adapter: (overrides.adapter ?? adapter) as ReturnType<typeof MemoryAdapter>, sent: email.sent, log }
}

export type Setup = ReturnType<typeof setup>

export async function requestLink(s: Setup, body: Record<string, unknown>, jar: Record<string, string> = {}) {
  const csrf = await getCsrf(s.config, jar)
  const res = await makeAuthRequest(s.config, {
    method: "POST",
    action: "signin",
    providerId: "email",
    cookies: csrf.jar,
    body: { csrfToken: csrf.token, ...body },
  })
  return { res, jar: applyCookies(csrf.jar, res.cookies) }
}

export async function openLink(s: Setup, link: string, jar: Record<string, string> = {}) {
  const url = new URL(link)
  const res = await makeAuthRequest(s.config, {
    action: "callback",
    providerId: "email",
    cookies: jar,
    query: Object.fromEntries(url.searchParams),
  })
  return { res, jar: applyCookies(jar, res.cookies) }
}

export async function signInWithLink(s: Setup, email: string, jar: Record<string, string> = {}) {
  const before = s.sent.length
  const requested = await requestLink(s, { email, callbackUrl: "/welcome" }, jar)
  expect(s.sent).toHaveLength(before + 1)
  return { ...(await openLink(s, s.sent.at(-1)!.url, requested.jar)), link: s.sent.at(-1)!.url }
}
