import { ApolloDriver, type ApolloDriverConfig } from "@nestjs/apollo"
import { Module } from "@nestjs/common"
import { Args, Field, GraphQLModule, ObjectType, Query, Resolver, type GqlModuleOptions } from "@nestjs/graphql"
import type { AuthConfig } from "../../../lib/core/config/types.js"
import { AuthModule } from "../../../lib/nest/auth.module.js"
import { Authorize } from "../../../lib/nest/access.decorators.js"
import { Public } from "../../../lib/nest/access.decorators.js"
import { Roles } from "../../../lib/nest/access.decorators.js"
import { Session } from "../../../lib/session.js"
import { nestAuthConfig } from "../../utils/nest-auth-config.js"
import { roleCallbacks } from "../global-guard/app.module.js"

const apollo: ApolloDriverConfig = { driver: ApolloDriver, autoSchemaFile: true, playground: false }

@ObjectType()
class Viewer {
  @Field(() => String, { nullable: true }) email?: string | null
  @Field(() => String, { nullable: true }) name?: string | null
}

@Resolver()
class ViewerResolver {
  @Query(() => Viewer)
  viewer(@Session() session: Session): Viewer {
    return { email: session.user?.email, name: session.user?.name }
  }

  @Public()
  @Query(() => String)
  greeting(@Session() session: Session | null): string {
    return session ? `Hello ${session.user?.name}` : "Hello stranger"
  }

  @Roles("admin")
  @Query(() => String)
  auditLog(): string {
    return "all quiet"
  }

  /** Reads the GraphQL args from Nest's context: only the owner may read an account. */
  @Authorize((session, context) => context.getArgByIndex(1)?.owner === session.user?.email)
  @Query(() => String)
  account(@Args("owner") owner: string): string {
    return `account of ${owner}`
  }

  @Authorize(() => {
    throw new TypeError("flaky policy")
  })
  @Query(() => String)
  fragile(): string {
    return "unreachable"
  }
}

/**
 * A GraphQL API with every resolver guarded unless `@Public()`: Apollo on Express, or on Fastify
 * through `@as-integrations/fastify` under `npm run test:fastify`. `driver` replaces Apollo (the
 * Mercurius spec passes Nest's Mercurius driver, imported there only, so other runs never load it).
 */
export function graphqlModule(overrides: Partial<AuthConfig> = {}, driver: GqlModuleOptions = apollo) {
  @Module({
    imports: [
      AuthModule.forRoot({ ...nestAuthConfig({ callbacks: roleCallbacks, ...overrides }), globalGuard: true }),
      GraphQLModule.forRoot(driver),
    ],
    providers: [ViewerResolver],
  })
  class GraphqlAppModule {}
  return GraphqlAppModule
}
