// POST /api/projects/{id}/import with files, as Label Studio's ImportAPI reads them (the legacy
// client's Project.import_tasks(path) posts `files={"file": f}` with return_task_ids=1), and
// GET /api/projects/{id}/export as Label Studio's ExportAPI (legacy Project.export_tasks).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFixture, type Fixture } from './support'

async function upload(f: Fixture, project: number, token: string, files: [string, string][]) {
  const form = new FormData()
  for (const [name, text] of files) form.append('file', new Blob([text]), name)
  const res = await fetch(`${f.base}/api/projects/${project}/import?return_task_ids=1`, {
    method: 'POST',
    headers: { authorization: `Token ${token}` },
    body: form,
  })
  return {
    status: res.status,
    body: (await res.json()) as { task_ids: number[]; duration: number },
  }
}

describe('ImportAPI with files and ExportAPI', () => {
  let f: Fixture
  beforeAll(async () => {
    f = await startFixture()
  })
  afterAll(() => f.close())

  it("import_tasks(path): CSV, TSV, JSON and TXT files, with Label Studio's response fields", async () => {
    const r = await upload(f, f.pA, f.tokens.MA, [
      ['a.csv', 'text,score\n"Hello, world",3\n=cmd,4.5\n'],
      ['b.tsv', 'text\tscore\nTabbed\t7\n'],
      ['c.json', JSON.stringify([{ text: 'from json', score: 1 }])],
    ])
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({
      task_count: 4,
      annotation_count: 0,
      prediction_count: 0,
      file_upload_ids: [],
      could_be_tasks_list: true,
      found_formats: { '.csv': 1, '.tsv': 1, '.json': 1 },
      data_columns: ['score', 'text'],
    })
    expect(r.body.task_ids).toHaveLength(4)
    expect(typeof r.body.duration).toBe('number')
    const task = await f.req('GET', `/api/tasks/${r.body.task_ids[0]}/`, { token: f.tokens.MA })
    expect(task.body.data).toEqual({ text: 'Hello, world', score: 3 })
    const txt = await upload(f, f.pA, f.tokens.MA, [['lines.txt', 'one\ntwo\n\n']])
    expect(txt.body).toMatchObject({ task_count: 2, found_formats: { '.txt': 1 } })
  })

  it('refuses other file types (400) and an Annotator (403)', async () => {
    expect((await upload(f, f.pA, f.tokens.MA, [['x.exe', 'MZ']])).status).toBe(400)
    expect((await upload(f, f.pA, f.tokens.AN, [['a.csv', 'text\nx\n']])).status).toBe(403)
  })

  it('only the import route reads multipart bodies', async () => {
    const form = new FormData()
    form.append('title', 'by form')
    const res = await fetch(`${f.base}/api/projects/`, {
      method: 'POST',
      headers: { authorization: `Token ${f.tokens.OW}` },
      body: form,
    })
    expect(res.status).toBe(415)
  })

  it('export_tasks(): JSON of annotated tasks by default, download_all_tasks for all', async () => {
    const labeled = await f.req('GET', `/api/projects/${f.pA}/export?exportType=JSON`, {
      token: f.tokens.MA,
    })
    expect(labeled.status).toBe(200)
    expect(labeled.headers.get('content-disposition')).toMatch(/attachment; filename="project-/)
    expect(labeled.body.map((t: { id: number }) => t.id)).toEqual([f.tA])
    expect(labeled.body[0]).toMatchObject({ id: f.tA, data: { text: 'task in A' }, project: f.pA })
    expect(labeled.body[0].annotations[0]).toMatchObject({ id: f.aA, completed_by: f.userIds.OW })
    const all = await f.req('GET', `/api/projects/${f.pA}/export?download_all_tasks=true`, {
      token: f.tokens.MA,
    })
    expect(all.body.length).toBeGreaterThan(5)
    const entry = f.apiEntries().at(-1)!
    expect(JSON.parse(entry.details!)).toMatchObject({ exported: { format: 'JSON', all: true } })
  })

  it('JSON_MIN and CSV (through the one cell-escaping function)', async () => {
    const a = await f.req('POST', `/api/tasks/${f.tA}/annotations/`, {
      token: f.tokens.OW,
      body: {
        result: [
          {
            from_name: 'label',
            to_name: 'text',
            type: 'choices',
            value: { choices: ['=HYPERLINK("x")'] },
          },
        ],
      },
    })
    expect(a.status).toBe(201)
    const min = await f.req('GET', `/api/projects/${f.pA}/export?exportType=JSON_MIN`, {
      token: f.tokens.OW,
    })
    expect(
      min.body.find((r: { annotation_id: number }) => r.annotation_id === a.body.id),
    ).toMatchObject({
      id: f.tA,
      text: 'task in A',
      label: '=HYPERLINK("x")',
      annotation_id: a.body.id,
    })
    const csv = await f.req('GET', `/api/projects/${f.pA}/export?exportType=CSV`, {
      token: f.tokens.OW,
    })
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/)
    const [header, ...rows] = (csv.body as string).split('\r\n')
    expect(header).toBe(
      '"annotation_id","annotator","created_at","id","label","lead_time","text","updated_at"',
    )
    expect(rows.join('\n')).toContain(`"'=HYPERLINK(""x"")"`)
  })

  it('is for Managers and Administrators only; an unknown exportType is 400', async () => {
    for (const role of ['RE', 'AN'] as const) {
      expect(
        (await f.req('GET', `/api/projects/${f.pA}/export`, { token: f.tokens[role] })).status,
      ).toBe(403)
    }
    expect(
      (await f.req('GET', `/api/projects/${f.pA}/export?exportType=YOLO`, { token: f.tokens.AD }))
        .status,
    ).toBe(400)
  })
})
