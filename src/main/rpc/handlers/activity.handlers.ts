import { extname, isAbsolute } from 'node:path'
import type { activityContracts } from '../../../shared/contracts/activity.contract'
import { invalid } from '../../engine/errors'
import type { DomainHandlers } from '../handler-types'
import { askSavePath } from '../save-target'

export const activityHandlers: DomainHandlers<typeof activityContracts> = {
  'activity:list': ({ filter, cursor, limit }, { engine, actor }) =>
    engine.activityLog.list(actor.organizationId, filter, cursor, limit),
  'activity:count': ({ filter }, { engine, actor }) =>
    engine.activityLog.count(actor.organizationId, filter),
  'activity:tail': ({ filter, afterId, limit }, { engine, actor }) =>
    engine.activityLog.tail(actor.organizationId, filter, afterId, limit),
  'activity:get': ({ id }, { engine, actor }) => engine.activityLog.get(actor.organizationId, id),
  'activity:verify': (_input, { engine }) => engine.activityLog.verify(),
  'activity:export': async ({ filter, format, path, exportId }, ctx) => {
    const { engine, actor } = ctx
    let target: string | null | undefined = path
    if (target !== undefined) {
      // A path typed by a caller (not picked in the dialog) is held to the obvious shape.
      if (!isAbsolute(target) || extname(target).toLowerCase() !== `.${format}`) {
        throw invalid(`Give an absolute path ending in .${format}`, 'path')
      }
    } else {
      target = await askSavePath(ctx, `activity-log.${format}`)
      // In a browser the export is a download (GET /rpc/activity/export), not this channel.
      if (target === undefined) throw invalid('Choose a file to export to', 'path')
      if (target === null) return { rows: 0, path: null, cancelled: true }
    }
    // The dialog has already asked before replacing a file; a typed path never overwrites.
    return engine.activityLog.exportToFile(actor.organizationId, filter, format, target, {
      exportId,
      overwrite: path === undefined,
    })
  },
  'activity:exportProgress': ({ exportId }, { engine }) =>
    engine.activityLog.exportProgress(exportId),
  'activity:exportCancel': ({ exportId }, { engine }) => ({
    ok: engine.activityLog.cancelExport(exportId),
  }),
}
