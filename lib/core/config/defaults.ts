/** Every default of the engine in one place (Auth.js's values). */
export const defaults = {
  basePath: "/auth",
  session: {
    strategy: "jwt",
    /** 30 days. */
    maxAge: 30 * 24 * 60 * 60,
    /** 1 day. */
    updateAge: 24 * 60 * 60,
  },
  theme: { colorScheme: "auto", logo: "", brandColor: "", buttonText: "" },
  /** Shorter secrets fail boot in production and warn elsewhere (`openssl rand -base64 33` gives 44). */
  minSecretLength: 32,
} as const
