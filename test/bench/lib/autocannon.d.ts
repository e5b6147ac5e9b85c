// The subset of autocannon 8's API the API suite uses (the package ships no types).
declare module 'autocannon' {
  interface Histogram {
    average: number
    mean: number
    p50: number
    p90: number
    p99: number
    max: number
  }
  export interface Result {
    requests: Histogram & { total: number }
    latency: Histogram
    throughput: Histogram
    errors: number
    timeouts: number
    non2xx: number
    duration: number
    '2xx': number
    '4xx': number
    '5xx': number
  }
  interface Options {
    url: string
    connections?: number
    duration?: number
    /** Stop after this many requests (instead of after `duration`). */
    amount?: number
    /** Seconds before a request counts as timed out. */
    timeout?: number
    pipelining?: number
    headers?: Record<string, string>
    method?: string
  }
  function autocannon(options: Options): Promise<Result>
  export default autocannon
}
