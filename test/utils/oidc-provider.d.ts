// oidc-provider ships no types and @types/oidc-provider lags v9; tests use a small surface of it.
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http"

  export interface Grant {
    addOIDCScope(scope: string): void
    addOIDCClaims(claims: string[]): void
    addResourceScope(indicator: string, scope: string): void
    save(): Promise<string>
  }

  export interface InteractionDetails {
    uid: string
    prompt: { name: string; details: Record<string, any> }
    params: Record<string, any>
    session?: { accountId?: string }
    grantId?: string
  }

  export default class Provider {
    constructor(issuer: string, configuration?: Record<string, unknown>)
    issuer: string
    Grant: { new (init: { accountId?: string; clientId: string }): Grant; find(id: string): Promise<Grant | undefined> }
    callback(): (req: IncomingMessage, res: ServerResponse) => void
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>
    on(event: string, listener: (...args: any[]) => void): this
  }
}
