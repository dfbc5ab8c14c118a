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
} as const

/** Refreshes shared between instances (`tokens.coordinator`) and the database-session read cache. */
export const coordinationDefaults = {
  /** A call to the coordinator slower than this counts as an outage (ms): requests never hang on it. */
  callTimeoutMs: 500,
  /** How long an instance holds the refresh lock beyond the IdP's timeout (ms), in case it dies. */
  lockMarginMs: 5_000,
  /** How often a waiting instance looks for the winner's result (ms). */
  pollMs: 25,
  /** The read cache's default and largest `maxAge` (seconds). */
  readCacheMaxAge: 5,
  readCacheLimit: 10,
  /** Entries held by the read cache at most (oldest dropped first). */
  readCacheEntries: 10_000,
} as const
