import { Catch, Controller, Get, HttpException, Injectable, Module, UseGuards } from "@nestjs/common"
import type {
  ArgumentsHost,
  CallHandler,
  DynamicModule,
  ExceptionFilter,
  ExecutionContext,
  NestInterceptor,
  Provider,
} from "@nestjs/common"
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from "@nestjs/core"
import { ThrottlerGuard, ThrottlerModule } from "@nestjs/throttler"
import type { Request, Response } from "express"
import { map } from "rxjs"
import type { Observable } from "rxjs"
import { AuthGuard } from "../../../lib/nest/auth.guard.js"
import { AuthModule } from "../../../lib/nest/auth.module.js"
import { Session } from "../../../lib/session.js"
import { nestAuthConfig } from "../../utils/nest-auth-config.js"
import { corpProvider } from "../wire/app.module.js"

/** Every request an interceptor saw: the controller class and the URL. */
export const intercepted: Array<{ controller: string; url: string }> = []

/** A global interceptor as apps write them: it tags the response and wraps handler results. */
@Injectable()
export class EnvelopeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp()
    intercepted.push({ controller: context.getClass().name, url: http.getRequest<Request>().originalUrl })
    // `header()` is on both an Express response and a FastifyReply.
    http.getResponse<{ header(name: string, value: string): unknown }>().header("x-intercepted", "yes")
    return next.handle().pipe(map((data: unknown) => ({ data })))
  }
}

/** A global filter that answers every HttpException as problem JSON. */
@Catch(HttpException)
export class ProblemFilter implements ExceptionFilter {
  catch(exception: HttpException, host: ArgumentsHost): void {
    const http = host.switchToHttp()
    const status = exception.getStatus()
    http
      .getResponse<Response>()
      .status(status)
      .type("application/problem+json")
      .send(JSON.stringify({ status, title: exception.message, path: http.getRequest<Request>().originalUrl }))
  }
}

@Controller("profile")
@UseGuards(AuthGuard)
export class ProfileController {
  @Get()
  me(@Session() session: Session) {
    return session.user
  }
}

/** An app route with an explicit version, beside the version-neutral auth routes. */
@Controller({ path: "items", version: "2" })
export class ItemsController {
  @Get()
  list() {
    return ["v2 item"]
  }
}

export interface RoutingOptions {
  basePath?: string
  /** Requests per minute per route before ThrottlerGuard answers 429. */
  throttleLimit?: number
  interceptor?: boolean
  filter?: boolean
}

@Module({})
export class RoutingAppModule {
  static with({ basePath, throttleLimit, interceptor, filter }: RoutingOptions = {}): DynamicModule {
    const config = nestAuthConfig()
    const providers: Provider[] = []
    const imports: DynamicModule[] = [AuthModule.forRoot({ ...config, providers: [...config.providers, corpProvider], basePath })]
    if (throttleLimit !== undefined) {
      imports.push(ThrottlerModule.forRoot([{ ttl: 60_000, limit: throttleLimit }]))
      providers.push({ provide: APP_GUARD, useClass: ThrottlerGuard })
    }
    if (interceptor) providers.push({ provide: APP_INTERCEPTOR, useClass: EnvelopeInterceptor })
    if (filter) providers.push({ provide: APP_FILTER, useClass: ProblemFilter })
    return { module: RoutingAppModule, imports, controllers: [ProfileController, ItemsController], providers }
  }
}
