import { EventEmitter } from 'node:events'
import type { EventName, EventPayloads } from '../../shared/events'
import { watchDataEpoch } from '../db/data-epoch'
import { createRepos } from '../db/repos'
import { activityLogService } from './activity/activity-log.service'
import { activityRecorder } from './activity/recorder'
import { authService } from './auth/auth.service'
import type { EngineDeps } from './deps'
import { organizationService } from './organization.service'
import { peopleService } from './people.service'
import { performanceService } from './performance/performance.service'
import { projectsService } from './projects.service'
import { quotaService } from './quota.service'
import { backupService } from './security/backup.service'
import { credentialReportService } from './security/credential-report.service'
import { leakCheckService } from './security/leak-check.service'
import { serviceAccountsService } from './service-accounts.service'
import { tokensService } from './tokens.service'
import { workspacesService } from './workspaces.service'
import { annotationsService } from './work/annotations.service'
import { exportsService } from './work/exports.service'
import { importsService } from './work/imports.service'
import { personalTokensService } from './personal-tokens.service'
import { reviewRecordsService } from './work/review-records.service'
import { predictionsService } from './work/predictions.service'
import { reviewsService } from './work/reviews.service'
import { tasksService } from './work/tasks.service'

/** Typed engine events, fanned out to the renderer by whichever transport is attached. */
export class EngineEvents {
  private readonly emitter = new EventEmitter()
  constructor() {
    this.emitter.setMaxListeners(100)
  }
  emit<E extends EventName>(name: E, payload: EventPayloads[E]): void {
    this.emitter.emit(name, payload)
  }
  on<E extends EventName>(name: E, listener: (payload: EventPayloads[E]) => void): () => void {
    this.emitter.on(name, listener)
    return () => this.emitter.off(name, listener)
  }
}

/**
 * The composition of every engine service over one database connection. Electron-free: the
 * desktop app, `serve`, the CLI and the tests all build it the same way.
 */
export function createEngine(deps: EngineDeps) {
  const events = new EngineEvents()
  const repos = createRepos(deps.db)
  const activity = activityRecorder(deps, (lastId) => events.emit('activity:appended', { lastId }))
  const epoch = watchDataEpoch(deps.db)
  const tokens = tokensService(deps, repos, epoch)
  const serviceAccounts = serviceAccountsService(deps, repos, activity, tokens)
  return {
    deps,
    db: deps.db,
    events,
    /** Changes whenever data that access or a response depends on may have changed. */
    epoch,
    repos,
    activity,
    activityLog: activityLogService(deps, repos),
    tokens,
    organization: organizationService(deps, repos, activity, events),
    people: peopleService(deps, repos, activity),
    workspaces: workspacesService(deps, repos, activity),
    projects: projectsService(deps, repos, activity),
    serviceAccounts,
    quota: quotaService(deps, repos, activity),
    performance: performanceService(deps),
    auth: authService(deps, repos, activity),
    tasks: tasksService(deps, repos),
    annotations: annotationsService(deps, repos),
    reviews: reviewsService(deps, repos),
    predictions: predictionsService(deps),
    imports: importsService(deps, repos),
    leakCheck: leakCheckService(repos, tokens),
    credentialReport: credentialReportService(deps, serviceAccounts),
    backup: backupService(deps),
    exports: exportsService(deps),
    reviewRecords: reviewRecordsService(deps),
    personalTokens: personalTokensService(deps),
  }
}
export type Engine = ReturnType<typeof createEngine>
