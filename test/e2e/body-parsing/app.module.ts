import { createHmac, timingSafeEqual } from "node:crypto"
import { Controller, Headers, HttpCode, Module, Post, Req } from "@nestjs/common"
import type { RawBodyRequest } from "@nestjs/common"
import type { Request } from "express"
import { AuthModule } from "../../../lib/nest/auth.module.js"
import { nestAuthConfig } from "../../utils/nest-auth-config.js"

export const WEBHOOK_SECRET = "whsec_test_only"

export function signWebhook(payload: Buffer | string): string {
  return createHmac("sha256", WEBHOOK_SECRET).update(payload).digest("hex")
}

/** A payment-provider webhook: its signature covers the exact bytes sent, so it needs req.rawBody. */
@Controller("webhooks")
export class WebhookController {
  @Post("payment")
  @HttpCode(200)
  payment(@Req() req: RawBodyRequest<Request>, @Headers("x-signature") signature = "") {
    const raw = req.rawBody
    if (!Buffer.isBuffer(raw)) return { verified: false, reason: "no raw body" }
    const expected = Buffer.from(signWebhook(raw))
    const given = Buffer.from(signature)
    const verified = expected.length === given.length && timingSafeEqual(expected, given)
    return { verified, type: (req.body as { type?: unknown }).type }
  }
}

@Module({ imports: [AuthModule.forRoot(nestAuthConfig())], controllers: [WebhookController] })
export class BodyParsingAppModule {}
