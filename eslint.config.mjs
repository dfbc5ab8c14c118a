// A short rule set that catches real mistakes, run by `npm run lint` (part of `npm test`).
// Layering and cycles are dependency-cruiser's job (.dependency-cruiser.cjs), not this file's.
import tseslint from "typescript-eslint"

export default tseslint.config(
  {
    ignores: ["dist/**", "node_modules/**", "**/node_modules/**", "test/fixtures/**", "test/companion/next-*/**", "test/matrix/**", "**/*.d.ts"],
  },
  {
    files: ["lib/**/*.ts", "sample/**/*.ts", "test/**/*.ts", "bench/**/*.ts"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@typescript-eslint": tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // A promise nobody awaits loses its rejection: an unhandled rejection or a silent failure.
      "@typescript-eslint/no-floating-promises": "error",
      // An async function where a sync callback is expected (an `if` on a promise is always true).
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: false }],
      "@typescript-eslint/await-thenable": "error",
      // Types imported as types: the emitted JS never loads a module only for its types, which keeps
      // the ESM/CJS builds free of accidental side effects and import cycles at run time.
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
      "@typescript-eslint/no-import-type-side-effects": "error",
    },
  },
  {
    // Small files with one job each (DESIGN.md): a file past 300 lines of code asks to be split.
    files: ["lib/**/*.ts", "sample/**/*.ts"],
    rules: { "max-lines": ["error", { max: 300, skipBlankLines: true, skipComments: true }] },
  },
)
