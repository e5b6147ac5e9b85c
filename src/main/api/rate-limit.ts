/**
 * Fixed-window counters kept in memory: enough for one local process, and forgotten on restart
 * on purpose (a restart is an operator action that should clear a lockout).
 */
export class WindowCounter {
  private readonly windows = new Map<string, { start: number; count: number }>()

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private current(key: string) {
    const t = this.now()
    let w = this.windows.get(key)
    if (!w || t - w.start >= this.windowMs) {
      w = { start: t, count: 0 }
      this.windows.set(key, w)
      if (this.windows.size > 10_000) this.sweep(t)
    }
    return w
  }

  private sweep(t: number) {
    for (const [k, w] of this.windows) if (t - w.start >= this.windowMs) this.windows.delete(k)
  }

  /** Whether no key has a window open (nothing counted since the last sweep). */
  get empty(): boolean {
    return this.windows.size === 0
  }

  /**
   * Seconds until the window for `key` resets, if `key` is over its limit; otherwise null.
   * Asking opens no window: a key is kept only once it is counted.
   */
  blocked(key: string): number | null {
    const w = this.windows.get(key)
    if (!w || w.count < this.limit || this.now() - w.start >= this.windowMs) return null
    return Math.max(1, Math.ceil((w.start + this.windowMs - this.now()) / 1000))
  }

  hit(key: string): void {
    this.current(key).count++
  }
}

export interface LimitOptions {
  /** Requests per credential per window (default 600 a minute). */
  perToken?: number
  /**
   * Requests per account per window, summed over all of its credentials (default: the same as
   * `perToken`), so minting more personal access tokens does not buy a bigger budget.
   */
  perAccount?: number
  /**
   * Failed authentications per window (default 20 a minute), counted twice: per presented
   * credential (from each address) and, for peers that are not this machine, per address.
   */
  authFailures?: number
  windowMs?: number
}

export function createLimits(opts: LimitOptions = {}) {
  const windowMs = opts.windowMs ?? 60_000
  const perToken = opts.perToken ?? 600
  const failures = opts.authFailures ?? 20
  return {
    perToken: new WindowCounter(perToken, windowMs),
    perAccount: new WindowCounter(opts.perAccount ?? perToken, windowMs),
    /** Keyed by `address` of a peer that is not loopback. */
    authFailures: new WindowCounter(failures, windowMs),
    /** Keyed by address and a hash prefix of the credential presented. */
    credentialFailures: new WindowCounter(failures, windowMs),
  }
}
export type Limits = ReturnType<typeof createLimits>
