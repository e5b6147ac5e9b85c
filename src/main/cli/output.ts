/** Prints rows as aligned columns (or JSON with --json), for people and for scripts. */
export function printRows(
  rows: Record<string, unknown>[],
  json: boolean | undefined,
  columns: string[],
): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`)
    return
  }
  if (rows.length === 0) {
    process.stdout.write('(none)\n')
    return
  }
  const text = (v: unknown) =>
    v === null || v === undefined ? '' : Array.isArray(v) ? v.join(',') : String(v)
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => text(r[c]).length)))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd()
  process.stdout.write(`${line(columns.map((c) => c.toUpperCase()))}\n`)
  for (const r of rows) process.stdout.write(`${line(columns.map((c) => text(r[c])))}\n`)
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}

/** A failure the CLI reports as one line on stderr with a non-zero exit. */
export class CliError extends Error {}
