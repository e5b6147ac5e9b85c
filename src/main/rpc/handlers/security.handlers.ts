import type { securityContracts } from '../../../shared/contracts/security.contract'
import type { DomainHandlers } from '../handler-types'
import { askDesktopSavePath, askSavePath, day, saveChosen } from '../save-target'

export const securityHandlers: DomainHandlers<typeof securityContracts> = {
  'security:checkDatabase': async (_input, { engine }) => {
    const { integrity, schemaVersion, schema } = engine.backup.check()
    const chain = await engine.activityLog.verify()
    const problems = schema.ok ? [] : schema.problems
    return { integrity, schemaVersion, schema: { ok: schema.ok, problems }, chain }
  },
  'security:scanTokens': ({ text }, { engine, actor }) => engine.leakCheck.scan(actor, text),
  'security:credentialReport': async (_input, ctx) => {
    const { engine, actor } = ctx
    const csv = engine.credentialReport.csv(actor)
    const filename = `tessera-service-accounts-${day(engine.now())}.csv`
    const target = await askSavePath(ctx, filename)
    // No dialog (a browser): the renderer offers the CSV as a download.
    if (target === undefined) return { csv, filename, path: null, cancelled: false }
    if (target === null) return { csv, filename, path: null, cancelled: true }
    await saveChosen(target, csv)
    return { csv, filename, path: target, cancelled: false }
  },
  'backup:create': async (_input, ctx) => {
    const { engine, actor } = ctx
    const target = await askDesktopSavePath(
      ctx,
      `tessera-backup-${day(engine.now())}.db`,
      'a backup is a download: use Download backup',
    )
    if (target === null) return { cancelled: true, path: null }
    // The save dialog asked before returning an existing file: replacing it was confirmed.
    const result = await engine.backup.backupTo(actor, target, { overwrite: true })
    return { ...result, cancelled: false }
  },
}
