/** Look of the built-in pages. A `theme` you pass replaces the default object as a whole. */
export interface Theme {
  colorScheme?: "auto" | "dark" | "light"
  logo?: string
  brandColor?: string
  buttonText?: string
}
