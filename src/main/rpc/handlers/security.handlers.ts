import { isAbsolute } from 'node:path'
import type { securityContracts } from '../../../shared/contracts/security.contract'
import { invalid } from '../../engine/errors'
import type { DomainHandlers } from '../handler-types'

export const securityHandlers: DomainHandlers<typeof securityContracts> = {
  'security:checkDatabase': async (_input, { engine }) => {
    const { integrity, schemaVersion, schema } = engine.backup.check()
    const chain = await engine.activityLog.verify()
    const problems = schema.ok ? [] : schema.problems
    return { integrity, schemaVersion, schema: { ok: schema.ok, problems }, chain }
  },
  'security:scanTokens': ({ text }, { engine, actor }) =>
    engine.leakCheck.scan(actor.organizationId, text),
  'security:credentialReport': (_input, { engine, actor }) => {
    const day = new Date(engine.deps.now()).toISOString().slice(0, 10)
    return {
      csv: engine.credentialReport.csv(actor.organizationId),
      filename: `tessera-service-accounts-${day}.csv`,
    }
  },
  'backup:create': async ({ path }, { engine, actor }) => {
    if (!isAbsolute(path)) throw invalid('Give the full path of the backup file', 'path')
    const result = await engine.backup.backupTo(path)
    engine.activity.admin(actor, {
      action: 'database.backup',
      details: { path, bytes: result.bytes },
    })
    return result
  },
}
