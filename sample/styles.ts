/**
 * The sample's stylesheet, inlined into every page it renders (its own, the Dev IdP's, the EJS
 * views): the built-in pages' palette and card, so the app and the library's pages read as one site.
 * Inline because the Dev IdP answers on another origin and must not fetch anything from this one.
 * Light unless the browser prefers dark (`prefers-color-scheme`), like the built-in pages' default.
 */
export const SAMPLE_CSS = `
:root {
  color-scheme: light dark;
  --bg: #f3f4f6; --card: #ffffff; --text: #111827; --muted: #4b5563; --border: #9ca3af;
  --separator: #d1d5db; --input: #ffffff; --button: #ffffff; --button-text: #111827;
  --brand: #346df1; --brand-text: #ffffff; --focus: #1d4ed8; --code: #eef0f3;
  --alert-bg: #fef2f2; --alert-border: #f87171; --alert-text: #7f1d1d;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #111318; --card: #1f2228; --text: #f3f4f6; --muted: #c4c9d2; --border: #6b7280;
    --separator: #3f444d; --input: #16181d; --button: #2b2f37; --button-text: #f3f4f6;
    --focus: #93c5fd; --code: #2b2f37;
    --alert-bg: #3b1114; --alert-border: #f87171; --alert-text: #fecaca;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body {
  background: var(--bg); color: var(--text);
  font-family: ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 1rem; line-height: 1.5;
}
.page { min-height: 100vh; display: flex; flex-direction: column; align-items: center; justify-content: center; padding: 1.5rem 1rem; }
.card {
  width: 100%; max-width: 26rem; background: var(--card);
  border-top: 0.25rem solid var(--brand); border-radius: 0.5rem;
  box-shadow: 0 1px 3px rgba(0, 0, 0, 0.12), 0 8px 24px rgba(0, 0, 0, 0.08);
  padding: 1.75rem 1.5rem;
}
.card.wide { max-width: 34rem; }
h1 { font-size: 1.375rem; line-height: 1.3; margin: 0 0 1rem; text-align: center; }
h2 { font-size: 1rem; margin: 1.5rem 0 0.5rem; }
p, li { color: var(--muted); }
p { margin: 0 0 1rem; }
ul, ol { margin: 0 0 1rem; padding-left: 1.25rem; }
strong { color: var(--text); }
a { color: var(--text); text-underline-offset: 0.2em; }
code { font-size: 0.9em; padding: 0.1em 0.35em; border-radius: 0.25rem; background: var(--code); color: var(--text); overflow-wrap: anywhere; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--code); color: var(--text); padding: 0.75rem; border-radius: 0.375rem; }
form { margin: 0; }
label { display: block; font-weight: 600; margin: 0 0 0.25rem; color: var(--text); }
input:not([type="hidden"]) {
  display: block; width: 100%; min-height: 2.75rem; margin: 0 0 0.875rem; padding: 0.5rem 0.75rem;
  font: inherit; color: var(--text); background: var(--input);
  border: 1px solid var(--border); border-radius: 0.375rem;
}
.hint { font-size: 0.875rem; margin: -0.5rem 0 0.875rem; }
.button {
  display: flex; align-items: center; justify-content: center; width: 100%; min-height: 2.75rem;
  padding: 0.5rem 1rem; font: inherit; font-weight: 600; text-decoration: none; cursor: pointer;
  color: var(--button-text); background: var(--button);
  border: 1px solid var(--border); border-radius: 0.375rem;
}
.button:hover { filter: brightness(0.95); }
.button.primary { color: var(--brand-text); background: var(--brand); border-color: var(--brand); }
.button + .button, .button + form, form + form, form + .button { margin-top: 0.75rem; }
.inline { display: inline; }
.inline .button { display: inline-flex; width: auto; min-height: 2.25rem; padding: 0.25rem 0.75rem; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.alert { margin: 0 0 1.25rem; padding: 0.75rem 1rem; color: var(--alert-text); background: var(--alert-bg); border: 1px solid var(--alert-border); border-radius: 0.375rem; }
.separator { border: 0; border-top: 1px solid var(--separator); margin: 1.25rem 0; }
.links { margin: 1.25rem 0 0; text-align: center; }
.links a { display: inline-block; margin: 0 0.5rem; }
.who { display: flex; align-items: center; gap: 0.875rem; margin: 0 0 1.25rem; }
.who p { margin: 0; }
.avatar {
  width: 3rem; height: 3rem; flex: none; border-radius: 50%; object-fit: cover;
  display: flex; align-items: center; justify-content: center;
  background: var(--brand); color: var(--brand-text); font-weight: 700; font-size: 1.25rem;
}
.profile .avatar { width: 4.5rem; height: 4.5rem; font-size: 1.75rem; margin: 0 auto 1rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.5rem 1rem; margin: 0 0 1.25rem; }
dt { font-weight: 600; }
dd { margin: 0; color: var(--muted); overflow-wrap: anywhere; }
`
