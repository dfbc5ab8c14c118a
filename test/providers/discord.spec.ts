import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { customFetch } from "../../lib/core/vocabulary/custom-fetch.js"
import Discord, { type DiscordProfile } from "../../lib/providers/discord.js"
import { startApiStandIn, tokenEndpoint, type ApiStandIn } from "../utils/api-stand-in.js"
import { type IdpRouter, idpRouter } from "../utils/oidc/index.js"
import { recordJwtCallback } from "../utils/record-callbacks.js"
import { signInThrough, withCode } from "../utils/sign-in-flow.js"
import { testConfig } from "../utils/test-config.js"

const env = { AUTH_DISCORD_ID: "1157081939426807878", AUTH_DISCORD_SECRET: "discord-secret" }

describe("Discord", () => {
  it("maps avatars: animated GIFs, PNGs, and default avatars on both username systems", async () => {
    const base: DiscordProfile = { id: "80351110224678912", username: "nelly", discriminator: "0", global_name: null, avatar: null }
    const map = (p: Partial<DiscordProfile>) => Discord().profile!({ ...base, ...p }, {})
    expect(await map({ avatar: "a_1269e74af4df7417b13759eae50c83dc" })).toMatchObject({
      image: "https://cdn.discordapp.com/avatars/80351110224678912/a_1269e74af4df7417b13759eae50c83dc.gif",
    })
    expect(await map({ avatar: "8342729096ea3675442027381ff50dfe", global_name: "Nelly" })).toEqual({
      id: "80351110224678912",
      name: "Nelly",
      email: null,
      image: "https://cdn.discordapp.com/avatars/80351110224678912/8342729096ea3675442027381ff50dfe.png",
    })
    // (80351110224678912 >> 22) % 6 = 5; legacy discriminator 1337 % 5 = 2
    expect((await map({})).image).toBe("https://cdn.discordapp.com/embed/avatars/5.png")
    expect((await map({ discriminator: "1337" })).image).toBe("https://cdn.discordapp.com/embed/avatars/2.png")
  })

  describe("sign-in against a stand-in for discord.com", () => {
    let discord: ApiStandIn
    let router: IdpRouter
    beforeAll(async () => {
      discord = await startApiStandIn({
        "POST https://discord.com/api/oauth2/token": tokenEndpoint(
          { id: env.AUTH_DISCORD_ID, secret: env.AUTH_DISCORD_SECRET, auth: "basic", code: "dc-code" },
          () => ({
            json: {
              access_token: "6qrZcUqja7812RVdnEKjpzOL4CvHBFG",
              token_type: "Bearer",
              expires_in: 604800,
              refresh_token: "D43f5y0ahjqew82jZ4NViEr2YafMKhue",
              scope: "identify email",
            },
          }),
        ),
        "GET https://discord.com/api/users/@me": () => ({
          json: {
            id: "80351110224678912",
            username: "nelly",
            discriminator: "0",
            global_name: "Nelly",
            avatar: "8342729096ea3675442027381ff50dfe",
            email: "Nelly@Discord.example",
            verified: true,
            locale: "en-US",
            mfa_enabled: true,
          },
        }),
      })
      router = idpRouter({ "https://discord.com": discord.origin })
    })
    afterAll(() => discord.stop())

    it("signs in with the recorded token and /users/@me answers", async () => {
      const jwt = recordJwtCallback()
      const config = testConfig({ providers: [Discord({ [customFetch]: router.fetch })], callbacks: { jwt: jwt.callback } }, env)
      const outcome = await signInThrough(config, "discord", withCode("dc-code"))
      const url = outcome.authorizationUrl
      expect(`${url.origin}${url.pathname}`).toBe("https://discord.com/api/oauth2/authorize")
      expect(url.searchParams.get("scope")).toBe("identify email")
      expect(url.searchParams.get("code_challenge_method")).toBe("S256")
      expect(outcome.session?.user).toEqual({
        name: "Nelly",
        email: "nelly@discord.example",
        image: "https://cdn.discordapp.com/avatars/80351110224678912/8342729096ea3675442027381ff50dfe.png",
      })
      expect(jwt.calls[0]?.account).toMatchObject({
        provider: "discord",
        providerAccountId: "80351110224678912",
        refresh_token: "D43f5y0ahjqew82jZ4NViEr2YafMKhue",
        expires_in: 604800,
      })
      const [token, me] = discord.requests
      expect(token?.form.get("code_verifier")).toMatch(/^[\w-]{43}$/)
      expect(token?.form.get("redirect_uri")).toBe("http://localhost:3000/auth/callback/discord")
      expect(me?.headers.authorization).toBe("Bearer 6qrZcUqja7812RVdnEKjpzOL4CvHBFG")
    })
  })
})
