import { expect } from "vitest"
import type { CookieJar } from "../../utils/cookie-jar.js"
import type { SoftAuthenticator } from "../../utils/soft-authenticator.js"

/** GET webauthn-options: the JSON and the status, as a browser's script would fetch them. */
export async function fetchOptions(jar: CookieJar, base: string, query: Record<string, string> = {}, provider = "passkey") {
  const url = `${base}/auth/webauthn-options/${provider}?${new URLSearchParams(query)}`
  const res = await jar.fetch(url)
  return { status: res.status, body: (await res.json()) as { action?: string; options?: any; error?: string } }
}

/** POST callback/passkey with `action` and `data`, as the sign-in page's form does. */
export async function postCallback(jar: CookieJar, base: string, action: string, data: unknown, provider = "passkey") {
  return jar.fetch(`${base}/auth/callback/${provider}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ action, data: typeof data === "string" ? data : JSON.stringify(data) }).toString(),
  })
}

/** Registers a passkey for `email` and returns the callback's answer. */
export async function registerPasskey(jar: CookieJar, base: string, device: SoftAuthenticator, email: string) {
  const { status, body } = await fetchOptions(jar, base, { action: "register", email })
  expect(status).toBe(200)
  expect(body.action).toBe("register")
  const { response, credential } = device.register(body.options)
  return { res: await postCallback(jar, base, "register", response), credential }
}

/** Signs in with the device's first passkey and returns the callback's answer. */
export async function authenticatePasskey(jar: CookieJar, base: string, device: SoftAuthenticator, bend = {}) {
  const { body } = await fetchOptions(jar, base, { action: "authenticate" })
  expect(body.action).toBe("authenticate")
  const data = device.authenticate(body.options, undefined, bend)
  return { res: await postCallback(jar, base, "authenticate", data), data }
}
