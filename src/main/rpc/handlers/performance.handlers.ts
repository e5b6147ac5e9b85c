import { writeFileSync } from 'node:fs'
import { isAbsolute } from 'node:path'
import type { performanceContracts } from '../../../shared/contracts/performance.contract'
import { invalid } from '../../engine/errors'
import type { DomainHandlers } from '../handler-types'

export const performanceHandlers: DomainHandlers<typeof performanceContracts> = {
  // whenReady: right after an upgrade, rolls up what the range needs without blocking.
  'performance:report': async (query, { engine, actor }) => {
    await engine.performance.whenReady(actor.organizationId, query)
    return engine.performance.report(actor.organizationId, query)
  },
  'performance:export': async ({ query, format, path }, { engine, actor }) => {
    await engine.performance.whenReady(actor.organizationId, query)
    const { text, filename } = engine.performance.exportText(actor.organizationId, query, format)
    if (path === undefined) return { text, filename, path: null }
    // The desktop save dialog hands over an absolute path; anything else is a caller bug.
    if (!isAbsolute(path)) throw invalid('Choose where to save the file (an absolute path)', 'path')
    writeFileSync(path, text, 'utf8')
    return { text, filename, path }
  },
}
