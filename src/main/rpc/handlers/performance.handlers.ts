import { extname, isAbsolute } from 'node:path'
import type { performanceContracts } from '../../../shared/contracts/performance.contract'
import { writePrivateFile } from '../../db/file-modes'
import { invalid } from '../../engine/errors'
import type { DomainHandlers } from '../handler-types'
import { askSavePath } from '../save-target'

export const performanceHandlers: DomainHandlers<typeof performanceContracts> = {
  // whenReady: right after an upgrade, rolls up what the range needs without blocking.
  'performance:report': async (query, { engine, actor }) => {
    await engine.performance.whenReady(actor.organizationId, query)
    return engine.performance.report(actor.organizationId, query)
  },
  'performance:export': async ({ query, format, path }, ctx) => {
    const { engine, actor } = ctx
    if (path !== undefined && (!isAbsolute(path) || extname(path).toLowerCase() !== `.${format}`)) {
      throw invalid(`Choose where to save the file (an absolute path ending in .${format})`, 'path')
    }
    await engine.performance.whenReady(actor.organizationId, query)
    const { text, filename } = engine.performance.exportText(actor.organizationId, query, format)
    const target = path ?? (await askSavePath(ctx, filename))
    // No dialog (a browser): the renderer offers the text as a download.
    if (target === undefined) return { text, filename, path: null, cancelled: false }
    if (target === null) return { text, filename, path: null, cancelled: true }
    writePrivateFile(target, text)
    return { text, filename, path: target, cancelled: false }
  },
}
