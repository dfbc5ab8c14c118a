import { SECRET, describeCompanion } from "./companion-suite.js"

// Auth.js (next-auth 5 beta): the API's own session format, so no option beyond the shared secret.
describeCompanion({
  app: "next-v5",
  cookie: "authjs.session-token",
  env: (url) => ({ AUTH_SECRET: SECRET, AUTH_URL: url }),
  session: {},
})
