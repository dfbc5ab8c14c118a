// The part of ejs 7 (a devDependency with no type declarations) the sample's views use.
declare module "ejs" {
  const ejs: {
    /** Renders the template file at `path`; includes resolve relative to it. */
    renderFile(path: string, data?: object, options?: object): Promise<string>
  }
  export default ejs
}
