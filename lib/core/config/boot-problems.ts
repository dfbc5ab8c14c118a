/**
 * The configuration problems found at boot, reported together: fixing one and restarting only to meet
 * the next is the slow way to configure an app. Each message names its fix.
 */
export class BootProblems {
  private readonly found: Error[] = []

  add(error: Error): void {
    this.found.push(error)
  }

  /** Runs a check that throws; a throw is recorded and `undefined` returned. */
  check<T>(run: () => T): T | undefined {
    try {
      return run()
    } catch (error) {
      this.add(error instanceof Error ? error : new TypeError(String(error)))
      return undefined
    }
  }

  get count(): number {
    return this.found.length
  }

  /**
   * One problem is thrown as it is; several as one error of the first one's class (so `instanceof` and
   * Auth.js's `type` still tell the main cause), listing each, with all of them in `cause`.
   */
  throwIfAny(): void {
    const [first] = this.found
    if (!first) return
    if (this.found.length === 1) throw first
    const message =
      `${this.found.length} configuration problems, each with its fix:\n` +
      this.found.map((e, i) => `  ${i + 1}. ${e.message}`).join("\n")
    const ErrorClass = first.constructor as new (message: string, options?: { cause?: unknown }) => Error
    throw new ErrorClass(message, { cause: new AggregateError(this.found, message) })
  }
}
