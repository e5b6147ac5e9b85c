// A second Tessera process on the same database file: records API requests and makes admin
// changes as fast as it can. Run by two-processes.test.ts with `node --import tsx`.
import { openDatabase } from '../../../src/main/db/open'
import { defaultDeps } from '../../../src/main/engine/deps'
import { createEngine } from '../../../src/main/engine/engine'

const [path, countText, label] = process.argv.slice(2)
const db = openDatabase(path!)
const engine = createEngine(defaultDeps(db))
const owner = engine.organization.ensure()
const count = Number(countText)
let workspaces = 0
for (let i = 0; i < count; i++) {
  engine.activity.api({
    organization_id: owner.organizationId,
    actor_id: null,
    actor_email: null,
    token_id: null,
    ip: '127.0.0.1',
    user_agent: label!,
    method: 'GET',
    url: `/api/projects/?n=${i}`,
    status: 200,
    duration_ms: 1,
    project_id: null,
    workspace_id: null,
    details: null,
  })
  if (i % 50 === 0) {
    engine.workspaces.create(owner, { title: `${label} ${i}` })
    workspaces++
  }
}
db.close()
process.stdout.write(JSON.stringify({ label, entries: count, workspaces }))
