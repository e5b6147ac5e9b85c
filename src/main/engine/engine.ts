import { EventEmitter } from 'node:events'
import type { EventName, EventPayloads } from '../../shared/events'
import { watchDataEpoch } from '../db/data-epoch'
import { createRepos } from '../db/repos'
import { activityLogService } from './activity/activity-log.service'
import { entryNames } from './activity/entry-names'
import { activityRecorder } from './activity/recorder'
import { activityProofsService } from './activity/proofs.service'
import { authService } from './auth/auth.service'
import { teamService, type NewAdministrator } from './auth/team.service'
import { totpService } from './auth/totp.service'
import type { Actor, EngineDeps } from './deps'
import type { ExportFormat } from '../../shared/contracts/activity.contract'
import type { Explanation } from '../../shared/contracts/service-accounts.contract'
import type { RotationGrace } from '../../shared/rotation'
import { explainAccess, tokenProblems } from './access/explain'
import { accessPolicy } from './access/policy'
import type { ExportOptions } from './activity/export'
import type { ActivityFilter } from './activity/query-sql'
import { generateDemoWork } from './demo/demo-work'
import { directoryService } from './directory.service'
import { ownTokensService } from './own-tokens.service'
import { organizationService } from './organization.service'
import { peopleService } from './people.service'
import { performanceService } from './performance/performance.service'
import { projectsService } from './projects.service'
import { quotaService } from './quota.service'
import { backupService } from './security/backup.service'
import { credentialReportService } from './security/credential-report.service'
import { leakCheckService } from './security/leak-check.service'
import { serviceAccountsService } from './service-accounts.service'
import { staleAccountsService } from './stale-accounts.service'
import { streamDelivery, type DeliveryOptions } from './streams/delivery'
import { streamsService } from './streams/streams.service'
import { streamsRetentionHold } from './streams/retention-hold'
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
 *
 * The engine exposes services only (no database, repositories or dependencies): every method
 * that acts for a caller takes the caller and asks the one access policy (access/policy.ts),
 * so the REST API, the admin RPC and the CLI get the same answer. Services that decide
 * visibility row by row (projects, workspaces, tasks, annotations, reviews, predictions,
 * imports, the directory) apply it themselves; organization-wide administration is wrapped
 * here, method by method, with the role it needs.
 */
export function createEngine(deps: EngineDeps) {
  const events = new EngineEvents()
  const repos = createRepos(deps.db)
  const access = accessPolicy(repos)
  const activity = activityRecorder(deps, (lastId) => events.emit('activity:appended', { lastId }))
  const epoch = watchDataEpoch(deps.db)
  const tokens = tokensService(deps, repos, epoch)
  const serviceAccounts = serviceAccountsService(deps, repos, activity, tokens)
  const stale = staleAccountsService(deps, repos, activity)
  const people = peopleService(deps, repos, activity)
  const organization = organizationService(deps, repos, activity, events)
  const quota = quotaService(deps, repos, activity)
  const performance = performanceService(deps)
  const activityLog = activityLogService(deps, repos, {
    tree: activity.tree,
    hold: () => streamsHold,
  })
  const proofs = activityProofsService(deps, activity)
  const leakCheck = leakCheckService(repos, tokens)
  const credentialReport = credentialReportService(deps, serviceAccounts)
  const reviews = reviewsService(deps, repos, (c, id, action) => annotations.require(c, id, action))
  const annotations = annotationsService(deps, repos, access, reviews.ofAnnotation)
  const predictions = predictionsService(deps, access)
  const tasks = tasksService(deps, repos, access, () => ({
    annotationsOf: annotations.ofTask,
    predictionsOf: predictions.ofTask,
  }))
  const backup = backupService(deps)
  const totp = totpService(deps, repos, activity)
  const team = teamService(deps, repos, activity, people, totp)
  const { forAdmin, adminOnly } = access
  const ownerOnly =
    (message: string) =>
    <A extends unknown[], R>(fn: (c: Actor, ...a: A) => R) =>
    (c: Actor, ...a: A): R => {
      access.requireOwner(c, message)
      return fn(c, ...a)
    }
  const teamOwnerOnly = ownerOnly(TEAM_OWNER_ONLY)
  const streamsOwnerOnly = ownerOnly(STREAMS_OWNER_ONLY)
  const isOwner = (c: Actor) => access.roleOf(c) === 'OW'
  const streams = streamsService(deps, repos, activity)
  const streamsHold = streamsRetentionHold(repos, activity)
  const delivery = streamDelivery(deps, repos, activity, streams, (listener) =>
    events.on('activity:appended', listener),
  )
  return {
    events,
    /** Changes whenever data that access or a response depends on may have changed. */
    epoch,
    /** The engine's clock (file names, time stamps outside the services). */
    now: deps.now,
    /** The policy itself, for a transport that names the project of a refused request. */
    access,
    activity,
    activityLog: {
      ...activityLog,
      list: forAdmin(activityLog.list),
      count: forAdmin(activityLog.count),
      tail: forAdmin(activityLog.tail),
      get: forAdmin(activityLog.get),
      names: forAdmin(entryNames(repos)),
      offsetPage: forAdmin(activityLog.offsetPage),
      total: forAdmin(activityLog.total),
      exportActivity: forAdmin(activityLog.exportActivity),
      /** The filtered log as export chunks, for a download; the export is recorded. */
      exportChunks: adminOnly(
        (c: Actor, filter: ActivityFilter, format: ExportFormat, options?: ExportOptions) => {
          const chunks = activityLog.exportChunks(c.organizationId, filter, format, options)
          activity.admin(c, { action: 'activity.export', details: { format, filter } })
          return chunks
        },
      ),
      exportToFile: forAdmin(activityLog.exportToFile),
      /** The chain's parts, the tree and every signed checkpoint (and an anchor file's). */
      verify: proofs.verify,
    },
    /** Proofs, checkpoints, the anchor file and the installation key (see proofs.service.ts). */
    activityProofs: {
      status: forAdmin(proofs.status),
      checkpoints: forAdmin((_org: number, limit?: number) => proofs.checkpoints(limit)),
      checkpoint: forAdmin((_org: number, id: number) => proofs.checkpoint(id)),
      checkpointNow: adminOnly(proofs.checkpointNow),
      prove: forAdmin(proofs.prove),
      proveConsistency: forAdmin((_org: number, from: number, to: number) =>
        proofs.proveConsistency(from, to),
      ),
      setAnchorPath: adminOnly(proofs.setAnchorPath),
      exportKey: (c: Actor, path: string) => {
        access.requireRole(c, ['OW'])
        return proofs.exportKey(c, path)
      },
      /** For the log streams: every checkpoint once committed. Returns the unsubscribe. */
      onCheckpoint: proofs.onCheckpoint,
    },
    tokens,
    ownTokens: ownTokensService(deps, repos, access, activity, tokens, serviceAccounts),
    organization: {
      ensure: organization.ensure,
      /** This database's organization (requests refused before authentication are its own). */
      firstId: () => repos.organizations.first()?.id ?? 0,
      /** The host's view of the settings (where to listen); not for callers. */
      settings: organization.settings,
      overview: forAdmin(organization.overview),
      updateSettings: adminOnly(organization.updateSettings),
      retentionPreview: forAdmin(organization.retentionPreview),
    },
    people: {
      list: forAdmin(people.list),
      get: forAdmin(people.get),
      addPerson: adminOnly(people.addPerson),
      changeRole: adminOnly(people.changeRole),
      deactivate: adminOnly(people.deactivate),
      reactivate: adminOnly(people.reactivate),
    },
    directory: directoryService(repos, access, people, serviceAccounts),
    workspaces: workspacesService(deps, repos, access, activity),
    projects: projectsService(deps, repos, access, activity),
    serviceAccounts: {
      list: forAdmin(serviceAccounts.list),
      get: forAdmin(serviceAccounts.get),
      checkName: forAdmin(serviceAccounts.checkName),
      create: adminOnly(serviceAccounts.create),
      changeRole: adminOnly(serviceAccounts.changeRole),
      setAssignments: adminOnly(serviceAccounts.setAssignments),
      remove: adminOnly(serviceAccounts.remove),
      undelete: adminOnly(serviceAccounts.undelete),
      /** An Administrator's reset of any account's token, or an account's own rotation. */
      resetToken: (c: Actor, userId: number, grace?: RotationGrace, expiresAt?: number | null) => {
        if (c.userId !== userId) access.requireAdmin(c)
        return serviceAccounts.resetToken(c, userId, grace, expiresAt)
      },
      endGrace: adminOnly(serviceAccounts.endGrace),
      setNetworks: adminOnly(serviceAccounts.setNetworks),
      /** "What can this token do?", from the policy the API enforces. */
      explain: forAdmin((orgId: number, userId: number): Explanation => {
        const a = serviceAccounts.get(orgId, userId)
        const target = { userId, organizationId: orgId }
        const problems = tokenProblems(a, repos.organizations.get(orgId), deps.now())
        return {
          account: { userId, name: a.name, role: a.role, status: a.status },
          ...explainAccess(repos, access, target, problems),
        }
      }),
      staleRule: forAdmin(stale.rule),
      stalePreview: forAdmin(stale.preview),
      setStaleRule: (c: Actor, days: number | null) => {
        access.requireOwner(c, 'Only the Owner can set the rule for unused service accounts')
        return stale.setRule(c, days)
      },
      /** The daily run of the stale-account rule (the host's schedule). */
      applyStaleRule: stale.runAll,
    },
    quota: {
      list: forAdmin(quota.list),
      request: adminOnly(quota.request),
      raise: (c: Actor, count: number, reason?: string) => {
        access.requireOwner(c, 'Only the Owner can raise the quota directly')
        return quota.raise(c, count, reason)
      },
      approve: adminOnly(quota.approve),
      decline: adminOnly(quota.decline),
    },
    performance: {
      ...performance,
      report: forAdmin(performance.report),
      whenReady: forAdmin(performance.whenReady),
      exportText: forAdmin(performance.exportText),
    },
    auth: authService(deps, repos, activity, totp),
    /** Who signs in to the shared host: invitations, resets and sessions. */
    team: {
      list: forAdmin(team.list),
      invite: teamOwnerOnly((c: Actor, p: NewAdministrator) => team.invite(c, p)),
      issueInvitation: teamOwnerOnly(team.issueInvitation),
      revokeInvitation: teamOwnerOnly(team.revokeInvitation),
      endSessions: teamOwnerOnly(team.endSessions),
      setTotpRequired: teamOwnerOnly(totp.setRequired),
    },
    /** Your own second factor (an authenticator app). */
    totp: {
      status: adminOnly(totp.status),
      begin: adminOnly(totp.begin),
      confirm: adminOnly(totp.confirm),
      disable: adminOnly(totp.disable),
    },
    /** Browser sessions: your own; the Owner sees and ends everyone's. */
    sessions: {
      list: adminOnly((c: Actor, currentId?: number) =>
        team.listSessions(c, isOwner(c), currentId),
      ),
      end: adminOnly((c: Actor, sessionId: number) => team.endSession(c, sessionId, isOwner(c))),
      endOthers: adminOnly(team.endOtherSessions),
    },
    tasks,
    annotations,
    reviews,
    predictions,
    imports: importsService(deps, repos, access),
    leakCheck: { scan: forAdmin(leakCheck.scan) },
    credentialReport: {
      rows: forAdmin(credentialReport.rows),
      csv: forAdmin(credentialReport.csv),
    },
    backup: {
      check: backup.check,
      /** A copy of the database to a path the host chose (save dialog, CLI), recorded. */
      async backupTo(c: Actor, path: string, options?: { overwrite: boolean }) {
        access.requireOwner(c, BACKUP_OWNER_ONLY)
        const result = await backup.backupTo(path, options)
        activity.admin(c, {
          action: 'database.backup',
          details: { path: result.path, bytes: result.bytes },
        })
        return result
      },
      /** A private temporary copy for a browser download, recorded. */
      async backupForDownload(c: Actor) {
        access.requireOwner(c, BACKUP_OWNER_ONLY)
        const result = await backup.backupForDownload()
        activity.admin(c, {
          action: 'database.backup',
          details: { download: true, bytes: result.bytes },
        })
        return result
      },
    },
    /** Log streams to the organization's SIEM: managed by the Owner, seen by Administrators. */
    streams: {
      list: adminOnly(streams.list),
      failing: adminOnly(streams.failing),
      add: streamsOwnerOnly(streams.add),
      pause: streamsOwnerOnly(streams.pause),
      resume: streamsOwnerOnly(streams.resume),
      remove: streamsOwnerOnly(streams.remove),
      test: streamsOwnerOnly(streams.test),
      /** Starts the background delivery of every stream (startCore); returns the stop function. */
      startDelivery: (options?: DeliveryOptions) => delivery.start(options),
    },
    exports: exportsService(deps),
    reviewRecords: reviewRecordsService(deps),
    personalTokens: personalTokensService(deps),
    /** The demo's 90 days of history, written with their historical times (`serve --demo`). */
    demo: {
      generateWork: (opts: { days: number; now: number }) => generateDemoWork(deps, activity, opts),
    },
  }
}
export type Engine = ReturnType<typeof createEngine>

const TEAM_OWNER_ONLY =
  'Only the organization Owner can invite administrators, reset their sign-in or end their sessions.'
const STREAMS_OWNER_ONLY =
  'Only the organization Owner can change log streams: they send the whole activity log out of Tessera.'

const BACKUP_OWNER_ONLY =
  'Only the organization Owner can back up the database: a backup holds every password and token hash.'
