import { SECRET, describeCompanion } from "./companion-suite.js"

// NextAuth v4 (next-auth 4.24): the API reads its cookies with session.issuedBy "next-auth-v4".
describeCompanion({
  app: "next-v4",
  cookie: "next-auth.session-token",
  env: (url) => ({ NEXTAUTH_SECRET: SECRET, NEXTAUTH_URL: url }),
  session: { issuedBy: "next-auth-v4" },
})
