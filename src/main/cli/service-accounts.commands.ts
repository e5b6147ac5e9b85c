import { Command } from 'commander'
import type {
  Explanation,
  ServiceAccount,
  StaleAccount,
} from '../../shared/contracts/service-accounts.contract'
import { ROTATION_GRACES, RotationGraceSchema, type RotationGrace } from '../../shared/rotation'
import { ROLE_LABELS, SERVICE_ACCOUNT_ROLES, type ServiceAccountRole } from '../../shared/roles'
import type { Actor } from '../engine/deps'
import type { Engine } from '../engine/engine'
import { CliError, printRows } from './output'
import { collectIds, withEngine } from './run'

function parseGrace(value: string): RotationGrace {
  const parsed = RotationGraceSchema.safeParse(value)
  if (!parsed.success) {
    throw new CliError(`--grace must be one of ${ROTATION_GRACES.join(', ')} (got “${value}”)`)
  }
  return parsed.data
}

/** `--expires`: `30d` (days from now), an ISO date and time, or `never`. */
function parseExpiry(value: string): number | null {
  if (value === 'never') return null
  const days = /^(\d{1,5})d$/.exec(value)
  if (days) return Date.now() + Number(days[1]) * 24 * 60 * 60 * 1000
  const ms = Date.parse(value)
  if (Number.isNaN(ms)) {
    throw new CliError(`--expires must be like 30d, 2026-12-31T00:00:00Z or never (got “${value}”)`)
  }
  return ms
}

const EXPIRES_HELP =
  "when the token expires: 30d, an ISO date and time, or never (default: the organization's maximum lifetime)"

const ACTION_WORDS: Record<string, string> = {
  read: 'read',
  annotate: 'annotate',
  review: 'review',
  import: 'import',
  export: 'export',
  manageMembers: 'manage members',
  administer: 'administer',
}
const allowedWords = (can: Record<string, boolean>) =>
  Object.entries(can)
    .filter(([, v]) => v)
    .map(([k]) => ACTION_WORDS[k] ?? k)
    .join(', ')

/** The explanation as a person reads it in a terminal. */
function explanationText(e: Explanation): string {
  const lines = [
    `${e.account.name} (${ROLE_LABELS[e.account.role]}, ${e.account.status})`,
    `Organization: ${e.organizationAdmin ? 'administers it (members, service accounts, settings, activity log)' : 'no administration'}`,
    'Workspaces:',
    ...(e.workspaces.length
      ? e.workspaces.map((w) => `  ${w.title} (#${w.id}): ${allowedWords(w.can)}`)
      : ['  none']),
    'Projects:',
    ...(e.projects.length
      ? e.projects.map(
          (p) =>
            `  ${p.title} (#${p.id}${p.workspace ? `, in ${p.workspace.title}` : ''}): ${allowedWords(p.can)}`,
        )
      : ['  none']),
    'Cannot:',
    ...(e.cannot.length ? e.cannot.map((c) => `  - ${c}`) : ['  - (nothing listed)']),
  ]
  return `${lines.join('\n')}\n`
}

function parseDays(value: string): number {
  if (!/^\d{1,4}$/.test(value) || Number(value) < 1 || Number(value) > 3650) {
    throw new CliError(`days must be 1 to 3650 (got “${value}”)`)
  }
  return Number(value)
}

function parseRole(value: string): ServiceAccountRole {
  const role = value.toUpperCase()
  if (!(SERVICE_ACCOUNT_ROLES as readonly string[]).includes(role)) {
    throw new CliError(`role must be one of ${SERVICE_ACCOUNT_ROLES.join(', ')} (got “${value}”)`)
  }
  return role as ServiceAccountRole
}

/** An account by user id or by name (case-insensitive), deleted ones included. */
function resolve(engine: Engine, owner: Actor, ref: string): ServiceAccount {
  const all = engine.serviceAccounts.list(owner, true)
  const found = /^\d+$/.test(ref)
    ? all.find((a) => a.userId === Number(ref))
    : all.find((a) => a.name.toLowerCase() === ref.toLowerCase())
  if (!found) throw new CliError(`no service account “${ref}”`)
  return found
}

const row = (a: ServiceAccount) => ({
  id: a.userId,
  name: a.name,
  role: a.role,
  status: a.status,
  workspaces: a.workspaces.map((w) => w.id),
  projects: a.projects.map((p) => p.id),
  token: a.token?.display ?? '',
  previous_token: a.previousToken
    ? `${a.previousToken.display} until ${new Date(a.previousToken.validUntil).toISOString()}`
    : '',
  unused_days: Math.floor((Date.now() - a.unusedSince) / 86_400_000),
  expires: a.token?.expiresAt ? new Date(a.token.expiresAt).toISOString() : '',
  networks: a.allowedNetworks.length ? a.allowedNetworks.join(' ') : 'any',
  last_used: a.lastUsed ? new Date(a.lastUsed.at).toISOString() : '',
})

/** The columns every command that changes one account prints. */
const ACCOUNT_COLUMNS = ['id', 'name', 'role', 'status', 'workspaces', 'projects']

const printToken = (token: string) => process.stdout.write(`${token}\n`)

export function serviceAccountsCommand(): Command {
  const cmd = new Command('service-accounts').description('Manage service accounts')
  const assignmentOptions = (c: Command) =>
    c
      .option('--workspace <id>', 'a workspace id (repeatable)', collectIds, [])
      .option('--project <id>', 'a project id (repeatable)', collectIds, [])

  cmd
    .command('list')
    .description('List service accounts')
    .option('--json', 'machine-readable output')
    .option('--include-deleted', 'also show deleted accounts still inside the undelete window')
    .action(
      withEngine(({ engine, owner }, o: { json?: boolean; includeDeleted?: boolean }) => {
        const rows = engine.serviceAccounts.list(owner, o.includeDeleted).map(row)
        printRows(rows, o.json, [
          ...ACCOUNT_COLUMNS,
          'token',
          'expires',
          'previous_token',
          'last_used',
        ])
      }),
    )

  assignmentOptions(
    cmd
      .command('create')
      .description('Create a service account; prints only its token')
      .requiredOption('--name <name>', 'unique name (never changeable)')
      .requiredOption('--role <role>', 'AN, RE, MA or AD', parseRole)
      .option('--description <text>', 'what the account is for', '')
      .option('--expires <when>', EXPIRES_HELP, parseExpiry),
  ).action(
    withEngine(
      (
        { engine, owner },
        o: {
          name: string
          role: ServiceAccountRole
          description: string
          workspace: number[]
          project: number[]
          expires?: number | null
        },
      ) => {
        const issued = engine.serviceAccounts.create(owner, {
          name: o.name,
          role: o.role,
          description: o.description,
          workspaceIds: o.workspace,
          projectIds: o.project,
          expiresAt: o.expires,
        })
        printToken(issued.token)
      },
    ),
  )

  assignmentOptions(
    cmd
      .command('role <account> <role>')
      .description('Change the role (DI deactivates); assignments stay unless given')
      .option('--json', 'machine-readable output'),
  ).action(
    withEngine(
      (
        { engine, owner },
        account: string,
        role: string,
        o: { json?: boolean; workspace: number[]; project: number[] },
      ) => {
        const a = resolve(engine, owner, account)
        const next = {
          workspaceIds: o.workspace.length ? o.workspace : undefined,
          projectIds: o.project.length ? o.project : undefined,
        }
        const updated = engine.serviceAccounts.changeRole(owner, a.userId, parseRole(role), next)
        printRows([row(updated)], o.json, ACCOUNT_COLUMNS)
      },
    ),
  )

  for (const [name, add] of [
    ['assign', true],
    ['unassign', false],
  ] as const) {
    assignmentOptions(
      cmd
        .command(`${name} <account>`)
        .description(add ? 'Add workspaces/projects' : 'Remove workspaces/projects')
        .option('--json', 'machine-readable output'),
    ).action(
      withEngine(
        (
          { engine, owner },
          account: string,
          o: { json?: boolean; workspace: number[]; project: number[] },
        ) => {
          if (o.workspace.length + o.project.length === 0)
            throw new CliError('give at least one --workspace or --project')
          const a = resolve(engine, owner, account)
          const merge = (current: number[], given: number[]) =>
            add ? [...new Set([...current, ...given])] : current.filter((id) => !given.includes(id))
          const updated = engine.serviceAccounts.setAssignments(owner, a.userId, {
            workspaceIds: merge(
              a.workspaces.map((w) => w.id),
              o.workspace,
            ),
            projectIds: merge(
              a.projects.map((p) => p.id),
              o.project,
            ),
          })
          printRows([row(updated)], o.json, ACCOUNT_COLUMNS)
        },
      ),
    )
  }

  cmd
    .command('reset-token <account>')
    .description('Revoke the token and print only the new one')
    .option(
      '--grace <period>',
      `keep the old token valid for a while: ${ROTATION_GRACES.join(', ')}`,
      parseGrace,
      'none',
    )
    .option('--expires <when>', EXPIRES_HELP, parseExpiry)
    .action(
      withEngine(
        (
          { engine, owner },
          account: string,
          o: { grace: RotationGrace; expires?: number | null },
        ) => {
          const a = resolve(engine, owner, account)
          const issued = engine.serviceAccounts.resetToken(owner, a.userId, o.grace, o.expires)
          printToken(issued.token)
          const previous = issued.account.previousToken
          // stdout carries only the token (for scripts); the grace goes to stderr.
          if (previous) {
            process.stderr.write(
              `previous token ${previous.display} valid until ${new Date(previous.validUntil).toISOString()}\n`,
            )
          }
        },
      ),
    )

  cmd
    .command('end-grace <account>')
    .description('Stop the previous token of a reset with a grace period now')
    .option('--json', 'machine-readable output')
    .action(
      withEngine(({ engine, owner }, account: string, o: { json?: boolean }) => {
        const a = resolve(engine, owner, account)
        printRows([row(engine.serviceAccounts.endGrace(owner, a.userId))], o.json, [
          ...ACCOUNT_COLUMNS,
          'token',
          'previous_token',
        ])
      }),
    )

  cmd
    .command('networks <account> [entries...]')
    .description(
      'Accept the account’s tokens only from these addresses and CIDR ranges (IPv4, IPv6); --any lifts the limit',
    )
    .option('--any', 'accept its tokens from any source again')
    .option('--json', 'machine-readable output')
    .action(
      withEngine(
        (
          { engine, owner },
          account: string,
          entries: string[],
          o: { any?: boolean; json?: boolean },
        ) => {
          const a = resolve(engine, owner, account)
          if (o.any && entries.length) throw new CliError('give either --any or entries, not both')
          if (!o.any && entries.length === 0) {
            printRows([row(a)], o.json, ['id', 'name', 'networks'])
            return
          }
          const updated = engine.serviceAccounts.setNetworks(owner, a.userId, o.any ? [] : entries)
          printRows([row(updated)], o.json, ['id', 'name', 'networks'])
        },
      ),
    )

  const staleRow = (a: StaleAccount) => ({
    id: a.userId,
    name: a.name,
    role: a.role,
    unused_days: a.unusedDays,
    unused_since: new Date(a.unusedSince).toISOString(),
  })
  const STALE_COLUMNS = ['id', 'name', 'role', 'unused_days', 'unused_since']

  cmd
    .command('stale <days>')
    .description('Preview: the accounts a rule of <days> would deactivate today')
    .option('--json', 'machine-readable output')
    .action(
      withEngine(({ engine, owner }, days: string, o: { json?: boolean }) => {
        const rows = engine.serviceAccounts.stalePreview(owner, parseDays(days)).map(staleRow)
        printRows(rows, o.json, STALE_COLUMNS)
      }),
    )

  cmd
    .command('stale-rule [days]')
    .description(
      'Show the rule "deactivate service accounts unused for N days", switch it on with N (applied at once, then daily) or off with "off"',
    )
    .option('--json', 'machine-readable output')
    .action(
      withEngine(({ engine, owner }, days: string | undefined, o: { json?: boolean }) => {
        if (days === undefined) {
          const rule = engine.serviceAccounts.staleRule(owner)
          printRows([{ days: rule.days ?? 'off', set_by: rule.setBy?.email ?? '' }], o.json, [
            'days',
            'set_by',
          ])
          return
        }
        const result = engine.serviceAccounts.setStaleRule(
          owner,
          days === 'off' ? null : parseDays(days),
        )
        printRows(result.deactivated.map(staleRow), o.json, STALE_COLUMNS)
      }),
    )

  cmd
    .command('explain <account>')
    .description('What can this token do? Workspaces, projects and actions, from the access policy')
    .option('--json', 'machine-readable output')
    .action(
      withEngine(({ engine, owner }, account: string, o: { json?: boolean }) => {
        const e = engine.serviceAccounts.explain(owner, resolve(engine, owner, account).userId)
        process.stdout.write(o.json ? `${JSON.stringify(e, null, 2)}\n` : explanationText(e))
      }),
    )

  cmd
    .command('delete <account>')
    .description('Delete (token revoked at once; undelete possible for 30 days)')
    .option('--json', 'machine-readable output')
    .action(
      withEngine(({ engine, owner }, account: string, o: { json?: boolean }) => {
        const a = resolve(engine, owner, account)
        printRows([row(engine.serviceAccounts.remove(owner, a.userId, a.name))], o.json, [
          'id',
          'name',
          'status',
        ])
      }),
    )

  cmd
    .command('undelete <account>')
    .description('Restore a deleted account; prints only its new token')
    .action(
      withEngine(({ engine, owner }, account: string) => {
        printToken(
          engine.serviceAccounts.undelete(owner, resolve(engine, owner, account).userId).token,
        )
      }),
    )
  return cmd
}
