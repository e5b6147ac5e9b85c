import type { Db } from './open'

/**
 * Tables whose rows never decide who may call the API or what a response contains beyond the
 * log itself: the activity log and its index, performance roll-ups, UI sessions and sign-in
 * throttling. Every other table is watched, including ones added by later migrations.
 */
const UNWATCHED = /^(activity_|perf_|sqlite_)|^(admin_sessions|sign_in_failures)$/
/** Columns that only record use (a token's last use), rewritten at most once a second. */
const USAGE_COLUMN = /^last_used_/

/**
 * A number that changes whenever data an API decision or response is built from may have
 * changed, in this process or another one writing the same file. Caches keyed by it are exact:
 * read `current()` when a request starts, and anything cached under an older value is stale.
 *
 * This connection's own writes are seen by temporary triggers (they live in this connection
 * only, so the schema and its migrations are untouched); other connections' commits are seen
 * by `PRAGMA data_version`, which changes when any other connection commits to the file.
 */
export interface DataEpoch {
  current(): number
  /** The watched tables, for tests that check nothing was missed. */
  readonly tables: readonly string[]
}

const watchers = new WeakMap<Db, DataEpoch>()
const quote = (name: string) => `"${name.replaceAll('"', '""')}"`

/** The epoch of this connection (one per connection: a second watcher would steal the first's triggers). */
export function watchDataEpoch(db: Db): DataEpoch {
  let watcher = watchers.get(db)
  if (!watcher) {
    watcher = install(db)
    watchers.set(db, watcher)
  }
  return watcher
}

function install(db: Db): DataEpoch {
  let local = 0
  db.function('tessera_data_changed', { deterministic: false, varargs: false }, () => {
    local++
    return null
  })
  const tables = db
    .prepare<[], { name: string }>(
      "SELECT name FROM main.sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
    )
    .all()
    .map((t) => t.name)
    .filter((name) => !UNWATCHED.test(name))
  for (const table of tables) {
    const columns = db
      .prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)')
      .all(table)
      .map((c) => c.name)
    const tracked = columns.filter((c) => !USAGE_COLUMN.test(c))
    const updateOf = tracked.length === columns.length ? '' : ` OF ${tracked.map(quote).join(', ')}`
    const events = ['INSERT', 'DELETE', `UPDATE${updateOf}`]
    events.forEach((event, i) => {
      db.exec(
        `CREATE TEMP TRIGGER IF NOT EXISTS ${quote(`tessera_epoch_${table}_${i}`)} AFTER ${event}
         ON main.${quote(table)} BEGIN SELECT tessera_data_changed(); END`,
      )
    })
  }
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck()
  let seenVersion = dataVersion.get()
  let epoch = 0
  let seenLocal = 0
  // Other processes' commits are read once per turn of the event loop (a statement costs a few
  // µs; a turn serves many requests at once), this connection's own writes on every call.
  let versionRead = false
  const forgetVersion = () => void (versionRead = false)
  return {
    tables,
    current() {
      let version = seenVersion
      if (!versionRead) {
        version = dataVersion.get()
        versionRead = true
        setImmediate(forgetVersion)
      }
      if (version !== seenVersion || local !== seenLocal) {
        seenVersion = version
        seenLocal = local
        epoch++
      }
      return epoch
    },
  }
}

/**
 * A map that forgets everything when the data epoch moves on (or when it grows past `max`
 * entries, so a flood of distinct keys cannot grow memory without bound).
 */
export function epochCache<V>(epoch: DataEpoch, max = 10_000) {
  let at = -1
  const entries = new Map<string, V>()
  return {
    get(key: string, build: () => V): V {
      const now = epoch.current()
      if (now !== at || entries.size >= max) {
        entries.clear()
        at = now
      }
      const hit = entries.get(key)
      if (hit !== undefined) return hit
      const value = build()
      // Built under `now`; if building wrote watched data, the next read rebuilds. Misses are
      // not kept: keys that find nothing (guessed tokens) must not fill memory.
      if (value !== undefined) entries.set(key, value)
      return value
    },
  }
}
