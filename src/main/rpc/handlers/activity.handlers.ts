import type { activityContracts } from '../../../shared/contracts/activity.contract'
import type { DomainHandlers } from '../handler-types'
import { askDesktopSavePath } from '../save-target'

export const activityHandlers: DomainHandlers<typeof activityContracts> = {
  'activity:list': ({ filter, cursor, limit }, { engine, actor }) =>
    engine.activityLog.list(actor, filter, cursor, limit),
  'activity:count': ({ filter }, { engine, actor }) => engine.activityLog.count(actor, filter),
  'activity:tail': ({ filter, afterId, limit }, { engine, actor }) =>
    engine.activityLog.tail(actor, filter, afterId, limit),
  'activity:get': ({ id }, { engine, actor }) => engine.activityLog.get(actor, id),
  'activity:names': (ids, { engine, actor }) => engine.activityLog.names(actor, ids),
  'activity:verify': (_input, { engine }) => engine.activityLog.verify(),
  'activity:proofStatus': (_input, { engine, actor }) => engine.activityProofs.status(actor),
  'activity:checkpoints': ({ limit }, { engine, actor }) =>
    engine.activityProofs.checkpoints(actor, limit),
  'activity:prove': ({ id }, { engine, actor }) => engine.activityProofs.prove(actor, id),
  'activity:export': async ({ filter, format, exportId }, ctx) => {
    const { engine, actor } = ctx
    const target = await askDesktopSavePath(
      ctx,
      `activity-log.${format}`,
      'the export is a download (GET /rpc/activity/export)',
    )
    if (target === null) return { rows: 0, path: null, cancelled: true }
    // The save dialog asked before returning an existing file: replacing it was confirmed.
    return engine.activityLog.exportToFile(actor, filter, format, target, {
      exportId,
      overwrite: true,
    })
  },
  'activity:exportProgress': ({ exportId }, { engine }) =>
    engine.activityLog.exportProgress(exportId),
  'activity:exportCancel': ({ exportId }, { engine }) => ({
    ok: engine.activityLog.cancelExport(exportId),
  }),
}
