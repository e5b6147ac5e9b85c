import Database from 'better-sqlite3'
import { migrate, SchemaTooNewError, schemaVersion } from './migrate'
import { migrations } from './migrations'

export type SchemaObjectType = 'table' | 'index' | 'view' | 'trigger'

export interface SchemaObject {
  type: string
  name: string
  tbl_name: string
  /** Normalised CREATE statement; null for SQLite's automatic indexes. */
  sql: string | null
}

export interface SchemaProblem {
  /** unknown: not made by Tessera; changed: same name, other definition; missing: gone. */
  kind: 'unknown' | 'changed' | 'missing'
  type: string
  name: string
}

export type SchemaCheck = { ok: true } | { ok: false; problems: SchemaProblem[] }

const WORDS: Record<SchemaProblem['kind'], string> = {
  unknown: 'not made by Tessera',
  changed: 'changed',
  missing: 'missing',
}

/** A database whose schema objects are not exactly the ones Tessera's migrations create. */
export class SchemaDriftError extends Error {
  constructor(
    readonly path: string,
    readonly problems: readonly SchemaProblem[],
  ) {
    super(
      `This file was changed outside Tessera: ${describeProblems(problems)}. ` +
        `Tessera did not use it (${path}). Restore a backup you made with Tessera, or move the ` +
        `file aside to start with an empty organization.`,
    )
    this.name = 'SchemaDriftError'
  }
}

/** "trigger keep_tokens (not made by Tessera), table api_tokens (changed)". */
export function describeProblems(problems: readonly SchemaProblem[]): string {
  return problems.map((p) => `${p.type} ${p.name} (${WORDS[p.kind]})`).join(', ')
}

/**
 * The SQL of a schema object with comments removed and whitespace reduced to what separates
 * two words, outside quoted strings and identifiers (those are kept byte for byte, so a changed
 * literal in a CHECK or a default is still a change).
 */
export function normaliseSql(sql: string | null): string | null {
  if (sql === null) return null
  let out = ''
  let gap = false
  const word = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_$]/u.test(c)
  const emit = (text: string) => {
    if (gap && word(out.at(-1)) && word(text[0])) out += ' '
    out += text
    gap = false
  }
  let i = 0
  while (i < sql.length) {
    const c = sql[i]!
    if (c === "'" || c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c
      let j = i + 1
      while (j < sql.length) {
        if (sql[j] === close) {
          if (close !== ']' && sql[j + 1] === close) {
            j += 2
            continue
          }
          break
        }
        j++
      }
      // After a word the gap matters: x 'a' is a name and a string, x'a' a blob literal.
      if (gap && word(out.at(-1))) out += ' '
      out += sql.slice(i, j + 1)
      gap = false
      i = j + 1
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i)
      i = end < 0 ? sql.length : end + 1
      gap = true
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2)
      i = end < 0 ? sql.length : end + 2
      gap = true
    } else if (/\s/.test(c)) {
      gap = true
      i++
    } else {
      emit(c)
      i++
    }
  }
  return out
}

const key = (o: { type: string; name: string }) => `${o.type}\u0000${o.name}`

/** Statistics tables SQLite creates on ANALYZE (Tessera's planner-stats writes sqlite_stat1). */
const STATS_TABLES = new Set(['sqlite_stat1', 'sqlite_stat4'])

interface Expected {
  /** Index = schema version; each the exact set the migrations 1..version create. */
  versions: Map<string, SchemaObject>[]
  /** Objects a database may have at any version: SQLite's statistics tables. */
  optional: Map<string, SchemaObject>
}

let expected: Expected | null = null

function readSchema(db: Database.Database): SchemaObject[] {
  return db
    .prepare<[], SchemaObject>('SELECT type, name, tbl_name, sql FROM main.sqlite_schema')
    .all()
    .map((o) => ({ ...o, sql: normaliseSql(o.sql) }))
}

/**
 * Applies the migrations one at a time to an empty in-memory database and records the schema
 * after each: what a database at that version holds when only Tessera wrote it. Computed once
 * per process (a few milliseconds).
 */
function derive(): Expected {
  if (expected) return expected
  const fresh = new Database(':memory:')
  try {
    fresh.pragma('trusted_schema = OFF')
    const snapshot = () =>
      new Map(
        readSchema(fresh)
          .filter((o) => !STATS_TABLES.has(o.name))
          .map((o) => [key(o), o]),
      )
    const versions = [snapshot()]
    for (let v = 1; v <= migrations.length; v++) {
      migrate(fresh, migrations.slice(0, v))
      versions.push(snapshot())
    }
    // The statistics tables exactly as this SQLite creates them.
    fresh.exec('ANALYZE')
    const optional = new Map(
      readSchema(fresh)
        .filter((o) => STATS_TABLES.has(o.name))
        .map((o) => [key(o), o]),
    )
    expected = { versions, optional }
    return expected
  } finally {
    fresh.close()
  }
}

/** The schema objects a database at `version` must hold, exactly. */
export function expectedSchema(version: number): SchemaObject[] {
  const { versions } = derive()
  if (version > migrations.length) throw new SchemaTooNewError(version, migrations.length)
  return [...versions[version]!.values()]
}

const same = (a: SchemaObject, b: SchemaObject) =>
  a.type === b.type && a.name === b.name && a.tbl_name === b.tbl_name && a.sql === b.sql

/**
 * Compares the database's schema objects (tables, indexes, views, triggers and SQLite's own
 * tables) with the ones Tessera's migrations create at the database's `user_version`. Anything
 * added, changed or removed outside Tessera is a problem: a trigger or a view in a file from
 * elsewhere runs with Tessera's rights on every write or read. The connection's TEMP schema
 * (Tessera's own per-connection triggers) is not part of the file and is not looked at.
 */
export function checkSchema(db: Database.Database): SchemaCheck {
  const version = schemaVersion(db)
  if (version > migrations.length) throw new SchemaTooNewError(version, migrations.length)
  if (version < 0)
    return { ok: false, problems: [{ kind: 'changed', type: 'pragma', name: 'user_version' }] }
  const { versions, optional } = derive()
  const want = versions[version]!
  const problems: SchemaProblem[] = []
  const seen = new Set<string>()
  for (const o of readSchema(db)) {
    const k = key(o)
    seen.add(k)
    const w = want.get(k) ?? optional.get(k)
    if (!w) problems.push({ kind: 'unknown', type: o.type, name: o.name })
    else if (!same(o, w)) problems.push({ kind: 'changed', type: o.type, name: o.name })
  }
  for (const [k, w] of want) {
    if (!seen.has(k)) problems.push({ kind: 'missing', type: w.type, name: w.name })
  }
  return problems.length === 0 ? { ok: true } : { ok: false, problems }
}

/** Throws SchemaDriftError (naming each object) unless the schema is exactly Tessera's. */
export function assertSchema(db: Database.Database, path: string): void {
  const result = checkSchema(db)
  if (!result.ok) throw new SchemaDriftError(path, result.problems)
}
