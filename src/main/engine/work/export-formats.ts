import { csvCell } from '../csv-cell'

type Json = Record<string, unknown>

/** A task as Label Studio's JSON export writes it (ExportDataSerializer). */
export interface ExportTask {
  id: number
  data: Json
  meta: Json
  annotations: ExportAnnotation[]
  predictions: Json[]
  drafts: never[]
  created_at: string
  updated_at: string
  inner_id: number
  total_annotations: number
  cancelled_annotations: number
  total_predictions: number
  project: number
  file_upload: null
  updated_by: null
}

export interface ExportAnnotation {
  id: number
  completed_by: number
  result: Json[]
  was_cancelled: boolean
  ground_truth: boolean
  created_at: string
  updated_at: string
  lead_time: number | null
  result_count: number
  task: number
  project: number
  /** Not in Label Studio's JSON; JSON_MIN and CSV name the annotator by it. */
  completed_by_email: string | null
}

/**
 * The converter's prettify_result: one Choices or TextArea value is its label or text, else
 * the list of values. Tessera does not read the label config, so a region's tag type is the
 * result's own `type` (Label Studio writes `choices`, `textarea`, … there too).
 */
function prettify(values: Json[]): unknown {
  const out: unknown[] = []
  let kind: string | undefined
  for (const v of values) {
    const { type, ...rest } = v
    kind = String(type ?? '').toLowerCase()
    const list = kind === 'choices' ? rest.choices : kind === 'textarea' ? rest.text : undefined
    if (Array.isArray(list) && list.length === 1) out.push(list[0])
    else out.push(rest)
  }
  return (kind === 'choices' || kind === 'textarea') && out.length === 1 ? out[0] : out
}

/** Each annotation's outputs by control name: the converter's annotation_result_from_task. */
function outputsOf(a: ExportAnnotation): Map<string, Json[]> {
  const outputs = new Map<string, Json[]>()
  for (const r of a.result) {
    const from = r.from_name
    if (typeof from !== 'string' || typeof r.value !== 'object' || r.value === null) continue
    const v: Json = { ...(r.value as Json), type: r.type }
    if (r.original_width !== undefined) v.original_width = r.original_width
    if (r.original_height !== undefined) v.original_height = r.original_height
    const list = outputs.get(from) ?? []
    list.push(v)
    outputs.set(from, list)
  }
  return outputs
}

/**
 * The converter's JSON_MIN records of a task: one per non-cancelled annotation (newest
 * first), the task data with each control's prettified value and the annotation's
 * annotator, id, times and lead time; a task without annotations is one record of its data.
 */
export function jsonMinRecords(task: ExportTask): Json[] {
  if (task.annotations.length === 0) return [{ ...task.data, id: task.id }]
  const kept = task.annotations
    .filter((a) => !a.was_cancelled)
    .sort((x, y) => y.created_at.localeCompare(x.created_at))
  return kept.map((a) => {
    const record: Json = { ...task.data, id: task.id }
    for (const [name, values] of outputsOf(a)) record[name] = prettify(values)
    record.annotator = a.completed_by
    record.annotation_id = a.id
    record.created_at = a.created_at
    record.updated_at = a.updated_at
    record.lead_time = a.lead_time
    return record
  })
}

/**
 * The converter's CSV rows (exports/csv2.py): task data columns (a data key that is also a
 * control name becomes `_data_<key>`), one column per control with its prettified value
 * (JSON text unless it is a string), the annotator's email, annotation id, times, lead time.
 */
export function csvRecords(task: ExportTask): Json[] {
  const annotations = task.annotations
    .filter((a) => !a.was_cancelled)
    .sort((x, y) => y.created_at.localeCompare(x.created_at))
  const rows = annotations.length > 0 ? annotations : task.annotations.length === 0 ? [null] : []
  return rows.map((a) => {
    const outputs = a ? outputsOf(a) : new Map<string, Json[]>()
    const record: Json = { id: task.id }
    for (const [name, values] of outputs) {
      const pretty = prettify(values)
      record[name] = typeof pretty === 'string' ? pretty : JSON.stringify(pretty)
    }
    for (const [key, value] of Object.entries(task.data)) {
      const column = outputs.has(key) ? `_data_${key}` : key
      record[column] = typeof value === 'object' && value !== null ? JSON.stringify(value) : value
    }
    record.annotator = a ? (a.completed_by_email ?? String(a.completed_by)) : ''
    record.annotation_id = a?.id ?? ''
    record.created_at = a?.created_at ?? ''
    record.updated_at = a?.updated_at ?? ''
    record.lead_time = a?.lead_time ?? ''
    return record
  })
}

/** Columns that every CSV export has (the converter's fixed keys). */
export const CSV_FIXED_COLUMNS = [
  'annotator',
  'annotation_id',
  'created_at',
  'updated_at',
  'lead_time',
]

/**
 * One CSV line (RFC 4180, CRLF), every cell as the converter's QUOTE_NONNUMERIC writes it:
 * numbers bare, text quoted; text cells pass through csvCell first, so a value that a
 * spreadsheet would run as a formula is shown as text.
 */
export function csvLine(columns: readonly string[], record: Json | null, delimiter = ','): string {
  const cells = columns.map((c) => {
    const v = record ? record[c] : c
    if (typeof v === 'number' && record) return String(v)
    const text = v === undefined || v === null ? '' : String(v)
    return `"${csvCell(text).replaceAll('"', '""')}"`
  })
  return `${cells.join(delimiter)}\r\n`
}

/** A task exactly as Label Studio's JSON export has it (the annotator's email left out). */
export function jsonTask(task: ExportTask): ExportTask {
  return {
    ...task,
    annotations: task.annotations.map(
      ({ completed_by_email: _email, ...a }) => a,
    ) as ExportAnnotation[],
  }
}
