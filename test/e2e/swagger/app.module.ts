import { Controller, Get, Module, UseGuards } from "@nestjs/common"
import type { DynamicModule } from "@nestjs/common"
import { ApiSecurity } from "@nestjs/swagger"
import { AuthGuard } from "../../../lib/nest/auth.guard.js"
import { AuthModule } from "../../../lib/nest/auth.module.js"
import type { AuthModuleExtras, AuthModuleOptions } from "../../../lib/nest/auth.module-definition.js"
import { Public } from "../../../lib/nest/access.decorators.js"
import { Roles } from "../../../lib/nest/access.decorators.js"
import { Session } from "../../../lib/session.js"
import { nestAuthConfig } from "../../utils/nest-auth-config.js"
import { corpProvider } from "../wire/app.module.js"

/** Guarded as a whole; one route opts out. */
@Controller("profile")
@UseGuards(AuthGuard)
export class ProfileController {
  @Get()
  me(@Session() session: Session) {
    return session.user
  }

  @Public()
  @Get("ping")
  ping() {
    return "pong"
  }
}

/** One guarded handler (with roles) beside an open one. */
@Controller("reports")
export class ReportsController {
  @Get("public")
  summary() {
    return []
  }

  @Get("admin")
  @UseGuards(AuthGuard)
  @Roles("admin")
  admin() {
    return []
  }
}

/** A route that documents its own security: left as it is. */
@Controller("partner")
@UseGuards(AuthGuard)
export class PartnerController {
  @Get()
  @ApiSecurity("partner-key")
  feed() {
    return []
  }
}

/** Not guarded by the app, so only a global AuthGuard protects it. */
@Controller("open")
export class OpenController {
  @Get()
  list() {
    return []
  }
}

@Module({})
export class SwaggerAppModule {
  static with(options: Partial<AuthModuleOptions> & AuthModuleExtras = {}): DynamicModule {
    const config = nestAuthConfig()
    return {
      module: SwaggerAppModule,
      imports: [AuthModule.forRoot({ ...config, providers: [...config.providers, corpProvider], ...options })],
      controllers: [ProfileController, ReportsController, PartnerController, OpenController],
    }
  }
}
