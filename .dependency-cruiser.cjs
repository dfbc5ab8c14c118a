// The shape of lib/, checked by `npm run lint:deps` (part of `npm test`). Type-only imports count:
// TypeScript is read before compilation (tsPreCompilationDeps), so `import type` edges are edges.
//
// Layers, bottom to top. A file may import from its own layer and the layers below, never above.
// docs/architecture.md explains what lives in each.
const LAYERS = [
  {
    name: "vocabulary",
    path: ["^lib/core/vocabulary/", "^lib/providers/types\\.ts$"],
  },
  {
    name: "configuration types",
    path: [
      "^lib/core/config/(types|callbacks|defaults|session-options)\\.ts$",
      "^lib/providers/(?!types\\.ts$)[^/]+\\.ts$",
      "^lib/providers/email/",
      "^lib/providers/webauthn/",
    ],
  },
  {
    name: "primitives",
    path: [
      "^lib/core/jwt/",
      "^lib/core/adapter/",
      "^lib/core/limits/",
      "^lib/core/session/cookie-store\\.ts$",
      "^lib/core/(awaitable|callback-url|context|cookies|csrf|events|headers|logger|origin|records|responses|roles|route-path|sign-in-url|web-request)\\.ts$",
    ],
  },
  {
    name: "configuration resolution",
    path: ["^lib/core/config/(?!(types|callbacks|defaults|session-options)\\.ts$)"],
  },
  {
    name: "protocol",
    path: [
      "^lib/core/(oauth|tokens|email)/",
      "^lib/core/session/(?!cookie-store\\.ts$)",
      "^lib/core/sign-in-callback\\.ts$",
      "^lib/adapters/",
      "^lib/coordination/",
    ],
  },
  { name: "actions and pages", path: ["^lib/core/(actions|pages)/"] },
  { name: "request handler", path: ["^lib/core/(handle|init|error-response)\\.ts$"] },
  { name: "nest", path: ["^lib/nest/"] },
  { name: "entry points", path: ["^lib/[^/]+\\.ts$"] },
]

const upward = []
LAYERS.forEach((from, i) => {
  const above = LAYERS.slice(i + 1)
  if (above.length === 0) return
  upward.push({
    name: `layer-${from.name.replace(/ /g, "-")}`,
    severity: "error",
    comment: `${from.name} imports only from itself and the layers below (${LAYERS.slice(0, i).map((l) => l.name).join(", ") || "none"})`,
    from: { path: from.path },
    to: { path: above.flatMap((l) => l.path) },
  })
})

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "No import cycles anywhere in lib/, type-only imports included.",
      from: { path: "^lib/" },
      to: { circular: true },
    },
    {
      name: "core-is-framework-free",
      severity: "error",
      comment: "lib/core never imports lib/nest, the entry points, Nest, Express, RxJS or reflect-metadata (DESIGN.md).",
      from: { path: "^lib/core/" },
      to: {
        path: [
          "^lib/nest/",
          "^lib/[^/]+\\.ts$",
          "node_modules/(@nestjs|express|@types/express|@types/express-serve-static-core|rxjs|reflect-metadata)/",
        ],
      },
    },
    {
      name: "providers-are-data",
      severity: "error",
      comment:
        "Provider factories import only the provider types, the email providers' shared mail content and " +
        "HTTP sender (lib/providers/email/, data and fetch only), the passkey's translation of its peer " +
        "(lib/providers/webauthn/), and optional peers such as nodemailer.",
      from: { path: "^lib/providers/" },
      to: { path: "^lib/", pathNot: ["^lib/providers/types\\.ts$", "^lib/providers/email/", "^lib/providers/webauthn/", "^lib/core/vocabulary/"] },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "An import that does not resolve is a typo or a missing dependency.",
      from: { path: "^lib/" },
      to: { couldNotResolve: true },
    },
    ...upward,
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    combinedDependencies: false,
    exclude: { path: "\\.d\\.ts$" },
    enhancedResolveOptions: {
      extensions: [".ts", ".js", ".mjs", ".cjs", ".json"],
      conditionNames: ["import", "require", "node", "default"],
      exportsFields: ["exports"],
      mainFields: ["module", "main", "types", "typings"],
    },
  },
}
