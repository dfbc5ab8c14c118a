/** A test fixture: no lint or type step, and this folder is the app's root (not the library's). */
export default {
  eslint: { ignoreDuringBuilds: true },
  outputFileTracingRoot: import.meta.dirname,
}
