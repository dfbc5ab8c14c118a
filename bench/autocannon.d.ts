// The part of autocannon 9's API the load generator uses (the package ships no types).
declare module "autocannon" {
  interface Options {
    url: string
    connections?: number
    pipelining?: number
    duration?: number
    amount?: number
    timeout?: number
    headers?: Record<string, string>
  }
  interface Result {
    requests: { total: number; sent: number }
    duration: number
    errors: number
    timeouts: number
    non2xx: number
    statusCodeStats: Record<string, { count: number }>
  }
  interface Instance {
    on(event: "response", listener: (client: unknown, statusCode: number, bytes: number, ms: number) => void): void
    stop(): void
  }
  function autocannon(options: Options, done: (error: Error | null, result: Result) => void): Instance
  export = autocannon
}
