import { apiKeyOf, postToApi } from "./email/http-api.js"
import type { EmailConfig, EmailUserConfig, SendVerificationRequestParams } from "./types.js"

/** What `Loops({...})` accepts. */
export interface LoopsUserConfig extends EmailUserConfig {
  /** The id of the transactional email in Loops; its template gets the link as data variable `url`. */
  transactionalId?: string
}

export interface LoopsConfig extends EmailConfig {
  transactionalId?: string
  options?: LoopsUserConfig
}

/**
 * Sign in with a link sent through [Loops](https://loops.so)'s transactional API. Loops renders
 * the mail from your template (`transactionalId`), given the link as `url`; the sender is set there.
 * The API key defaults to env `AUTH_LOOPS_KEY`.
 *
 * @example
 * ```ts
 * import Loops from "nestjs-authjs/providers/loops"
 * AuthModule.forRoot({ adapter, providers: [Loops({ transactionalId: "clx0…" })] })
 * ```
 */
export default function Loops(config?: LoopsUserConfig): LoopsConfig {
  return { id: "loops", type: "email", name: "Loops", maxAge: 24 * 60 * 60, sendVerificationRequest, options: config }
}

async function sendVerificationRequest({ identifier, url, provider }: SendVerificationRequestParams): Promise<void> {
  const { transactionalId } = provider as LoopsConfig
  if (typeof transactionalId !== "string" || transactionalId === "") {
    throw new TypeError("Loops: no transactionalId; pass the id of your transactional email")
  }
  await postToApi(provider, "Loops", "https://app.loops.so/api/v1/transactional", {
    headers: {
      Authorization: `Bearer ${apiKeyOf(provider, "Loops", "AUTH_LOOPS_KEY")}`,
      "Content-Type": "application/json",
    },
    body: JSON.stringify({ transactionalId, email: identifier, dataVariables: { url } }),
  })
}
