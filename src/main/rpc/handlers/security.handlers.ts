import { isAbsolute } from 'node:path'
import type { securityContracts } from '../../../shared/contracts/security.contract'
import { writePrivateFile } from '../../db/file-modes'
import { invalid } from '../../engine/errors'
import type { DomainHandlers } from '../handler-types'
import { askSavePath, day } from '../save-target'

export const securityHandlers: DomainHandlers<typeof securityContracts> = {
  'security:checkDatabase': async (_input, { engine }) => {
    const { integrity, schemaVersion, schema } = engine.backup.check()
    const chain = await engine.activityLog.verify()
    const problems = schema.ok ? [] : schema.problems
    return { integrity, schemaVersion, schema: { ok: schema.ok, problems }, chain }
  },
  'security:scanTokens': ({ text }, { engine, actor }) =>
    engine.leakCheck.scan(actor.organizationId, text),
  'security:credentialReport': async (_input, ctx) => {
    const { engine, actor } = ctx
    const csv = engine.credentialReport.csv(actor.organizationId)
    const filename = `tessera-service-accounts-${day(engine.deps.now())}.csv`
    const target = await askSavePath(ctx, filename)
    // No dialog (a browser): the renderer offers the CSV as a download.
    if (target === undefined) return { csv, filename, path: null, cancelled: false }
    if (target === null) return { csv, filename, path: null, cancelled: true }
    writePrivateFile(target, csv)
    return { csv, filename, path: target, cancelled: false }
  },
  'backup:create': async ({ path }, ctx) => {
    const { engine, actor } = ctx
    let target: string | null | undefined = path
    if (target !== undefined) {
      if (!isAbsolute(target)) throw invalid('Give the full path of the backup file', 'path')
    } else {
      target = await askSavePath(ctx, `tessera-backup-${day(engine.deps.now())}.db`)
      if (target === undefined) throw invalid('Choose where to save the backup', 'path')
      if (target === null) return { cancelled: true, path: null }
    }
    const result = await engine.backup.backupTo(target)
    engine.activity.admin(actor, {
      action: 'database.backup',
      details: { path: target, bytes: result.bytes },
    })
    return { ...result, cancelled: false }
  },
}
