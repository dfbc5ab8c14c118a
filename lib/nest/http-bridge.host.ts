import { Injectable } from "@nestjs/common"
import { expressBridge } from "./express-bridge.js"
import { fastifyBridge, type FastifyInstanceLike } from "./fastify-bridge.js"
import type { HttpBridge } from "./http-bridge.js"

/** What the host reads of Nest's HTTP adapter (`HttpAdapterHost.httpAdapter`). */
export interface HttpAdapterLike {
  getType(): string
  getInstance(): unknown
}

/**
 * The bridge of the platform the app runs on, for the controller, guard and session reader. Chosen
 * by `AuthModule` from Nest's HTTP adapter when the app initialises (not at construction: a testing
 * module is compiled before `createNestApplication(adapter)` names its platform). Express until then,
 * and for contexts without HTTP.
 */
@Injectable()
export class HttpBridgeHost {
  bridge: HttpBridge = expressBridge

  choose(adapter: HttpAdapterLike | undefined): HttpBridge {
    const type = adapter?.getType()
    if (adapter === undefined || type === "express") this.bridge = expressBridge
    else if (type === "fastify") this.bridge = fastifyBridge(adapter.getInstance() as FastifyInstanceLike)
    else throw new TypeError(`AuthModule: the app runs on "${String(type)}"; nestjs-authjs supports Express and Fastify.`)
    return this.bridge
  }
}
