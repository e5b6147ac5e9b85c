import type { Db } from '../../db/open'

/** The default size budget of the activity log, in MB (10 GB). */
export const DEFAULT_BUDGET_MB = 10_240
/** From this share of the budget on, the Organization screen and a notification warn. */
export const WARN_RATIO = 0.8
/** Bytes per entry assumed until a measurement over enough entries says otherwise. */
const DEFAULT_ENTRY_BYTES = 600
/** Below this many entries a measurement is mostly fixed overhead (empty pages). */
const CALIBRATE_MIN_ENTRIES = 2000
/** Another process (the CLI) may change the budget: re-read it at most this often. */
const BUDGET_TTL_MS = 1000

export type BudgetState = 'ok' | 'warn' | 'full'

export interface BudgetStatus {
  sizeBytes: number
  budgetBytes: number
  state: BudgetState
  /** When the size was last measured exactly (the figure between is an estimate). */
  measuredAt: number | null
}

const MB = 1024 * 1024

/** "812.4 MB", "1.2 GB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * MB) return `${(bytes / (1024 * MB)).toFixed(1)} GB`
  if (bytes >= MB) return `${(bytes / MB).toFixed(1)} MB`
  return `${Math.max(0, Math.round(bytes / 1024))} KB`
}

/** The log is at (or over) its size budget: API requests are refused until it is raised. */
export class BudgetFullError extends Error {
  constructor(status: BudgetStatus) {
    super(
      `The activity log has reached its size budget (${formatBytes(status.sizeBytes)} of ` +
        `${formatBytes(status.budgetBytes)}), so requests are not answered: every answered ` +
        'request must be recorded. The organization Owner can raise the budget or shorten ' +
        'retention in Settings.',
    )
    this.name = 'BudgetFullError'
  }
}

/**
 * The activity log's size against the organization's budget. The exact size (every page of
 * the log's tables and indexes, from SQLite's dbstat) costs about half a second per GB, so it
 * is measured in the background (after start-up and after each retention purge) and kept
 * current in between by counting appended entries at the measured bytes per entry. The check
 * on the recording path is one comparison.
 */
export function activityBudget(db: Db, now: () => number) {
  const names = db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_schema WHERE tbl_name LIKE 'activity%' AND type IN ('table', 'index')",
    )
    .all()
    .map((r) => r.name)
  const pages = db.prepare<[string], { bytes: number | null }>(
    'SELECT sum(pgsize) AS bytes FROM dbstat WHERE name = ? AND aggregate = TRUE',
  )
  // Two subqueries, not `SELECT min(id), max(id)`: SQLite answers a lone min() or max() from
  // the end of the rowid B-tree, but both in one SELECT scan the whole table (0.5 s at 10 M
  // entries, at every start).
  const ends = db.prepare<[], { lo: number | null; hi: number | null }>(
    'SELECT (SELECT min(id) FROM activity_entries) AS lo, (SELECT max(id) FROM activity_entries) AS hi',
  )
  // A file not yet migrated to the budget (seeded at an older schema in a test) has the default.
  const budgetRow = (() => {
    try {
      return db.prepare<[], { mb: number | null }>(
        'SELECT min(activity_budget_mb) AS mb FROM organizations',
      )
    } catch {
      return null
    }
  })()

  let measured = 0
  let measuredHead = 0
  let measuredAt: number | null = null
  let perEntry = DEFAULT_ENTRY_BYTES
  let head = 0
  {
    // Until the first measurement: the entries there are, at the default size each.
    const { lo, hi } = ends.get() ?? { lo: null, hi: null }
    measuredHead = (lo ?? 1) - 1
    head = hi ?? 0
  }
  let budgetBytes = DEFAULT_BUDGET_MB * MB
  let budgetReadAt = -Infinity
  let lastState: BudgetState = 'ok'
  const listeners = new Set<(s: BudgetStatus) => void>()

  /** Exact size now (a full walk of the log's pages: run it in the background). */
  function measure(): BudgetStatus {
    let bytes = 0
    for (const name of names) {
      // A virtual table's own row has no pages; its shadow tables do and are listed too.
      try {
        bytes += pages.get(name)?.bytes ?? 0
      } catch {
        /* not a b-tree */
      }
    }
    const { lo, hi } = ends.get() ?? { lo: null, hi: null }
    const entries = lo === null || hi === null ? 0 : hi - lo + 1
    measured = bytes
    measuredHead = hi ?? 0
    head = Math.max(head, measuredHead)
    measuredAt = now()
    perEntry = entries >= CALIBRATE_MIN_ENTRIES ? bytes / entries : DEFAULT_ENTRY_BYTES
    return changed()
  }

  function readBudget(force = false) {
    const t = now()
    if (!force && t - budgetReadAt < BUDGET_TTL_MS) return
    budgetReadAt = t
    const mb = budgetRow?.get()?.mb
    budgetBytes = (mb ?? DEFAULT_BUDGET_MB) * MB
  }

  function status(): BudgetStatus {
    readBudget()
    const sizeBytes = Math.round(measured + Math.max(0, head - measuredHead) * perEntry)
    const ratio = sizeBytes / budgetBytes
    const state: BudgetState = ratio >= 1 ? 'full' : ratio >= WARN_RATIO ? 'warn' : 'ok'
    return { sizeBytes, budgetBytes, state, measuredAt }
  }

  function changed(): BudgetStatus {
    const s = status()
    if (s.state !== lastState) {
      lastState = s.state
      for (const l of listeners) l(s)
    }
    return s
  }

  return {
    status,
    measure,
    /** Entries up to `lastId` exist now (called after every append). */
    appended(lastId: number): void {
      if (lastId <= head) return
      head = lastId
      // Cheap enough per commit: one subtraction, one multiplication, one comparison.
      const s = status()
      if (s.state !== lastState) changed()
    },
    /** Throws BudgetFullError when the log is at its budget (before an entry is written). */
    assertRoom(): void {
      const s = status()
      if (s.state === 'full') throw new BudgetFullError(s)
    },
    full: () => status().state === 'full',
    /** The settings changed (this process): read the budget again now. */
    budgetChanged(): BudgetStatus {
      readBudget(true)
      return changed()
    },
    /** Called when the state moves between ok, warn and full. */
    onState(listener: (s: BudgetStatus) => void): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
export type ActivityBudget = ReturnType<typeof activityBudget>
