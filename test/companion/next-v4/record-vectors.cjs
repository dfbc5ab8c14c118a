// Records NextAuth v4's own session tokens for the unit tests (test/fixtures/vectors/next-auth-v4-jwt.json).
// Run from this folder after `npm ci`: node record-vectors.cjs > ../../fixtures/vectors/next-auth-v4-jwt.json
const { encode } = require("next-auth/jwt")
const { SessionStore } = require("./node_modules/next-auth/core/lib/cookie.js") // not in the exports map
const hkdf = require("@panva/hkdf").default

const SECRET = "companion-secret-0123456789abcdefghijklmnopqrstuvwxyz"
const OTHER_SECRET = "rotated-secret-9876543210zyxwvutsrqponmlkjihgfedcba"
const UNICODE_SECRET = "sécret-ü-🔑-0123456789abcdefghij"
const claims = { name: "Ada Lovelace", email: "ada@example.com", picture: null, sub: "user-ada", role: "admin" }
const silent = { debug() {}, warn() {}, error() {} }

async function main() {
  const key = async (secret) => Buffer.from(await hkdf("sha256", secret, "", "NextAuth.js Generated Encryption Key", 32)).toString("hex")
  const token = (secret, payload = claims, maxAge) => encode({ token: payload, secret, ...(maxAge ? { maxAge } : {}) })
  const big = await token(SECRET, { ...claims, notes: "difference engine ".repeat(400) })
  const chunks = new SessionStore({ name: "next-auth.session-token", options: {} }, { cookies: {} }, silent)
    .chunk(big, {})
    .map((c) => ({ name: c.name, value: c.value }))
  const out = {
    recorded_with: `next-auth ${require("./node_modules/next-auth/package.json").version}, ${process.version}`,
    // The tokens' iat: tests set the clock here, as the tokens expire (short_lived after 60 s).
    recorded_at: Math.floor(Date.now() / 1000),
    secrets: { main: SECRET, other: OTHER_SECRET, unicode: UNICODE_SECRET },
    keys: { main: await key(SECRET), other: await key(OTHER_SECRET), unicode: await key(UNICODE_SECRET) },
    claims,
    tokens: {
      main: await token(SECRET),
      other: await token(OTHER_SECRET),
      unicode: await token(UNICODE_SECRET),
      short_lived: await token(SECRET, claims, 60),
      big,
    },
    big_chunks: chunks,
  }
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
