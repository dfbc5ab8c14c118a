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
  webauthn: {
    enableConditionalUI: true,
    /** Milliseconds the browser gives the user to answer a WebAuthn prompt (Auth.js: 5 minutes). */
    timeout: 5 * 60 * 1000,
  },
  theme: { colorScheme: "auto", logo: "", brandColor: "", buttonText: "" },
} as const
