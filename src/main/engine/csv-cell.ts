/**
 * Characters that make Excel, LibreOffice or Google Sheets read a cell as a formula (or strip
 * into one): `=`, `+`, `-`, `@`, tab, CR, LF, and their full-width forms, which some spreadsheet
 * locales fold to ASCII on import.
 */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠'])

// Cells a spreadsheet reads as a number or as plain dashes: no formula can hide in them, and
// prefixing them would turn `-3` or the dashboard's `--` into text nobody asked for.
const HARMLESS = /^(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|-+)$/

/**
 * A text cell a spreadsheet shows rather than runs (OWASP CSV injection): one that starts like
 * a formula gets a leading `'`, anything else is returned as is. Every CSV Tessera writes
 * passes its text cells through here before RFC 4180 quoting.
 */
export function csvCell(value: string): string {
  // First-character test before any regex: the activity export calls this per field.
  if (value === '' || !FORMULA_START.has(value[0]!)) return value
  return HARMLESS.test(value) ? value : `'${value}`
}
