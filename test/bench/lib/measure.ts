/** Small timing helpers shared by the suites. */
import { closeSync, openSync, readSync } from 'node:fs'

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The p-th percentile (0–100) of a list of numbers (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank]!
}

export const median = (values: readonly number[]) => percentile(values, 50)

/** Milliseconds `fn` takes, once. */
export function timeOnce(fn: () => void): number {
  const t = performance.now()
  fn()
  return performance.now() - t
}

/** Runs `fn(i)` for i in [0, n) and returns operations per second. */
export function throughput(n: number, fn: (i: number) => void): number {
  const t = performance.now()
  for (let i = 0; i < n; i++) fn(i)
  return n / ((performance.now() - t) / 1000)
}

/** Frees what the previous step left, when the runner gave us --expose-gc. */
export function settle(): void {
  ;(globalThis as { gc?: () => void }).gc?.()
}

/** A deterministic shuffle (so runs compare), Fisher–Yates over a tiny LCG. */
export function shuffled<T>(items: readonly T[], seed = 42): T[] {
  const out = [...items]
  let s = seed >>> 0
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    const j = s % (i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

/**
 * Reads a file once from start to end, so the OS holds it in its page cache: figures then do
 * not depend on which of the benchmarks' multi-gigabyte files ran last. Returns the seconds
 * it took (a few for a cached 5 GB file, tens from disk).
 */
export function warmFile(path: string): number {
  const t = performance.now()
  const fd = openSync(path, 'r')
  const buffer = Buffer.allocUnsafe(4 << 20)
  try {
    while (readSync(fd, buffer, 0, buffer.length, null) > 0) {
      // only the reading matters
    }
  } finally {
    closeSync(fd)
  }
  return (performance.now() - t) / 1000
}

/**
 * Watches the event loop while `work` runs: the longest time a timer waited beyond its due
 * time (perf_hooks' event-loop delay, 1 ms resolution), i.e. the longest the loop was held by
 * anything, the job under test included. What an API request or a UI call arriving at the
 * worst moment would wait.
 */
export async function longestHold<T>(
  work: () => Promise<T>,
): Promise<{ result: T; holdMs: number }> {
  const { monitorEventLoopDelay } = await import('node:perf_hooks')
  const delay = monitorEventLoopDelay({ resolution: 1 })
  delay.enable()
  try {
    const result = await work()
    return { result, holdMs: delay.max / 1e6 }
  } finally {
    delay.disable()
  }
}
