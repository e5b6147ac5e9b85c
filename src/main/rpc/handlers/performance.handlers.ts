import type { performanceContracts } from '../../../shared/contracts/performance.contract'
import type { DomainHandlers } from '../handler-types'
import { askSavePath, saveChosen } from '../save-target'

export const performanceHandlers: DomainHandlers<typeof performanceContracts> = {
  // whenReady: right after an upgrade, rolls up what the range needs without blocking.
  'performance:report': async (query, { engine, actor }) => {
    await engine.performance.whenReady(actor, query)
    return engine.performance.report(actor, query)
  },
  'performance:export': async ({ query, format }, ctx) => {
    const { engine, actor } = ctx
    await engine.performance.whenReady(actor, query)
    const { text, filename } = engine.performance.exportText(actor, query, format)
    const target = await askSavePath(ctx, filename)
    // No dialog (a browser): the renderer offers the text as a download.
    if (target === undefined) return { text, filename, path: null, cancelled: false }
    if (target === null) return { text, filename, path: null, cancelled: true }
    await saveChosen(target, text)
    return { text, filename, path: target, cancelled: false }
  },
}
