import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { customFetch } from "../../lib/core/vocabulary/custom-fetch.js"
import Spotify from "../../lib/providers/spotify.js"
import { startApiStandIn, tokenEndpoint, type ApiStandIn } from "../utils/api-stand-in.js"
import { idpRouter } from "../utils/oidc/index.js"
import { signInThrough, withCode } from "../utils/sign-in-flow.js"
import { testConfig } from "../utils/test-config.js"

const env = { AUTH_SPOTIFY_ID: "5fe01282e44241328a84e7c5cc169165", AUTH_SPOTIFY_SECRET: "spotify-secret" }
const client = { id: env.AUTH_SPOTIFY_ID, secret: env.AUTH_SPOTIFY_SECRET, auth: "basic" as const, code: "sp-code" }

describe("Spotify, against a stand-in for accounts.spotify.com and api.spotify.com", () => {
  let spotify: ApiStandIn
  beforeAll(async () => {
    spotify = await startApiStandIn({
      "POST https://accounts.spotify.com/api/token": tokenEndpoint(client, () => ({
        json: {
          access_token: "NgCXRK...MzYjw",
          token_type: "Bearer",
          scope: "user-read-email",
          expires_in: 3600,
          refresh_token: "NgAagA...Um_SHo",
        },
      })),
      "GET https://api.spotify.com/v1/me": () => ({
        json: {
          id: "wizzler",
          display_name: "JM Wizzler",
          email: "email@example.com",
          images: [{ url: "https://i.scdn.co/image/ab6775700000ee85", height: 300, width: 300 }],
          country: "SE",
          product: "premium",
        },
      }),
    })
  })
  afterAll(() => spotify.stop())

  it("maps display_name and the first image", async () => {
    const router = idpRouter({ "https://accounts.spotify.com": spotify.origin, "https://api.spotify.com": spotify.origin })
    const config = testConfig({ providers: [Spotify({ [customFetch]: router.fetch })] }, env)
    const outcome = await signInThrough(config, "spotify", withCode(client.code))
    expect(outcome.authorizationUrl.href.startsWith("https://accounts.spotify.com/authorize?scope=user-read-email&")).toBe(true)
    expect(outcome.session?.user).toEqual({
      name: "JM Wizzler",
      email: "email@example.com",
      image: "https://i.scdn.co/image/ab6775700000ee85",
    })
    expect(router.calls()).toEqual(["POST https://accounts.spotify.com/api/token", "GET https://api.spotify.com/v1/me"])
  })
})
