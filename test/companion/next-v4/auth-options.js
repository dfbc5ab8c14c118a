import CredentialsProvider from "next-auth/providers/credentials"

/** Ada signs in with "lovelace"; Babbage's session carries a claim large enough to be chunked. */
const users = {
  "ada@example.com": { id: "user-ada", name: "Ada Lovelace", email: "ada@example.com", password: "lovelace", role: "admin" },
  "babbage@example.com": { id: "user-babbage", name: "Charles Babbage", email: "babbage@example.com", password: "engine", role: "member" },
}

/** NextAuth v4 options: JWT sessions (no adapter), NEXTAUTH_SECRET from the environment. */
export const authOptions = {
  providers: [
    CredentialsProvider({
      name: "Email",
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        const user = users[credentials?.email ?? ""]
        if (!user || user.password !== credentials?.password) return null
        return { id: user.id, name: user.name, email: user.email, role: user.role }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (!user) return token
      const notes = user.id === "user-babbage" ? "difference engine ".repeat(400) : undefined
      return { ...token, role: user.role, ...(notes ? { notes } : {}) }
    },
    session({ session, token }) {
      return { ...session, user: { ...session.user, id: token.sub, role: token.role } }
    },
  },
}
