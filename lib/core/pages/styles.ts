import type { Theme } from "../vocabulary/theme.js"
import type { ColorScheme } from "./html.js"

const hexColor = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i
const namedColor = /^[a-z]{3,24}$/i
// Letters are allowed inside the parentheses for `deg`, `none`, `from`; no quote, brace, colon,
// semicolon, backslash or nested parenthesis can get through, so the value cannot leave its declaration.
const functionColor = /^(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\([-+0-9a-z.%\s,/]{1,60}\)$/i

/** `value` if it is a plain CSS color, else undefined: theme and provider colors are config text. */
export function cssColor(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined
  const color = value.trim()
  if (hexColor.test(color) || namedColor.test(color) || functionColor.test(color)) return color
  return undefined
}

const DARK_TEXT = "#111827"
const LIGHT_TEXT = "#ffffff"

/**
 * White or near-black, whichever contrasts more with a hex `background` (WCAG relative luminance),
 * so a light brand color gets dark button text. Undefined for colors that are not hex.
 */
export function readableTextColor(background: string | undefined): string | undefined {
  const hex = background?.trim()
  if (!hex || !hexColor.test(hex)) return undefined
  // #rgb and #rgba spell each channel with one digit; any alpha is ignored.
  const short = hex.length <= 5
  const digits = short ? [...hex.slice(1, 4)].map((d) => d + d) : [hex.slice(1, 3), hex.slice(3, 5), hex.slice(5, 7)]
  const [r, g, b] = digits.map((d) => {
    const c = parseInt(d, 16) / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }) as [number, number, number]
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
  // Contrast against white is 1.05 / (L + 0.05); against DARK_TEXT (L ≈ 0.0137) it is (L + 0.05) / 0.0637.
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.0637 ? LIGHT_TEXT : DARK_TEXT
}

/** A rule setting custom properties to validated colors; invalid or missing ones are left out. */
export function colorProperties(selector: string, colors: Record<string, unknown>): string {
  const declarations = Object.entries(colors)
    .map(([name, value]) => [name, cssColor(value)] as const)
    .filter((entry): entry is readonly [string, string] => entry[1] !== undefined)
    .map(([name, color]) => `${name}: ${color};`)
  return declarations.length ? `${selector} { ${declarations.join(" ")} }\n` : ""
}

export function colorScheme(theme: Theme | undefined): ColorScheme {
  const scheme = theme?.colorScheme
  return scheme === "dark" || scheme === "light" ? scheme : "auto"
}

const light = `
  --color-background: #f3f4f6;
  --color-card: #ffffff;
  --color-text: #111827;
  --color-muted: #4b5563;
  --color-border: #9ca3af;
  --color-separator: #d1d5db;
  --color-input: #ffffff;
  --color-button: #ffffff;
  --color-button-text: #111827;
  --color-error-background: #fef2f2;
  --color-error-border: #f87171;
  --color-error-text: #7f1d1d;
  --color-focus: #1d4ed8;`

const dark = `
  --color-background: #111318;
  --color-card: #1f2228;
  --color-text: #f3f4f6;
  --color-muted: #c4c9d2;
  --color-border: #6b7280;
  --color-separator: #3f444d;
  --color-input: #16181d;
  --color-button: #2b2f37;
  --color-button-text: #f3f4f6;
  --color-error-background: #3b1114;
  --color-error-border: #f87171;
  --color-error-text: #fecaca;
  --color-focus: #93c5fd;`

function schemeVariables(scheme: ColorScheme): string {
  if (scheme === "light") return `.__next-auth-theme-light {${light}\n}\n`
  if (scheme === "dark") return `.__next-auth-theme-dark {${dark}\n}\n`
  return `.__next-auth-theme-auto {${light}\n}
@media (prefers-color-scheme: dark) {
  .__next-auth-theme-auto {${dark}\n  }
}\n`
}

const layout = `
*, *::before, *::after { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body {
  background: var(--color-background);
  color: var(--color-text);
  font-family: ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 1rem;
  line-height: 1.5;
}
.page {
  min-height: 100vh;
  display: flex;
  flex-direction: column;
  align-items: center;
  justify-content: center;
  padding: 1.5rem 1rem;
}
.logo { display: block; max-width: 9rem; max-height: 4.5rem; margin: 0 auto 1.5rem; }
.card {
  width: 100%;
  max-width: 23rem;
  background: var(--color-card);
  border-top: 0.25rem solid var(--brand-color);
  border-radius: 0.5rem;
  box-shadow: 0 1px 3px rgba(0, 0, 0, 0.12), 0 8px 24px rgba(0, 0, 0, 0.08);
  padding: 1.75rem 1.5rem;
}
h1 { font-size: 1.375rem; line-height: 1.3; margin: 0 0 1rem; text-align: center; }
p { margin: 0 0 1rem; color: var(--color-muted); }
a { color: var(--color-text); text-underline-offset: 0.2em; }
form { margin: 0; }
.provider + .provider { margin-top: 0.75rem; }
label { display: block; font-weight: 600; margin: 0 0 0.25rem; }
input:not([type="hidden"]) {
  display: block;
  width: 100%;
  min-height: 2.75rem;
  margin: 0 0 0.875rem;
  padding: 0.5rem 0.75rem;
  font: inherit;
  color: var(--color-text);
  background: var(--color-input);
  border: 1px solid var(--color-border);
  border-radius: 0.375rem;
}
.button {
  display: flex;
  align-items: center;
  justify-content: center;
  gap: 0.75rem;
  width: 100%;
  min-height: 2.75rem;
  padding: 0.5rem 1rem;
  font: inherit;
  font-weight: 600;
  cursor: pointer;
  color: var(--provider-text, var(--color-button-text));
  background: var(--provider-bg, var(--color-button));
  border: 1px solid var(--provider-brand, var(--color-border));
  border-radius: 0.375rem;
}
.button:hover { filter: brightness(0.95); }
.button img { width: 1.5rem; height: 1.5rem; flex: none; }
.button.primary {
  color: var(--button-text-color);
  background: var(--brand-color);
  border-color: var(--brand-color);
}
:focus-visible { outline: 3px solid var(--color-focus); outline-offset: 2px; }
.separator {
  display: flex;
  align-items: center;
  gap: 0.75rem;
  margin: 1.25rem 0;
  color: var(--color-muted);
  font-size: 0.875rem;
}
.separator::before, .separator::after { content: ""; flex: 1; border-top: 1px solid var(--color-separator); }
.error {
  margin: 0 0 1.25rem;
  padding: 0.75rem 1rem;
  color: var(--color-error-text);
  background: var(--color-error-background);
  border: 1px solid var(--color-error-border);
  border-radius: 0.375rem;
}
.error p { margin: 0; color: inherit; }
.links { margin: 1rem 0 0; text-align: center; }
.links a + a { margin-left: 1rem; }
`

/**
 * The stylesheet for every page: scheme variables, then the brand colors (validated; a bad
 * value falls back to the default; without `buttonText` the text color that reads best on the
 * brand color), then the layout.
 */
export function stylesheet(theme: Theme | undefined): string {
  const brand = cssColor(theme?.brandColor) ?? "#346df1"
  const buttonText = cssColor(theme?.buttonText) ?? readableTextColor(brand) ?? LIGHT_TEXT
  return (
    schemeVariables(colorScheme(theme)) +
    `body { --brand-color: ${brand}; --button-text-color: ${buttonText}; }\n` +
    layout
  )
}
