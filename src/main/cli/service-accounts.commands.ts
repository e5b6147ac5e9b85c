import { Command } from 'commander'
import type { ServiceAccount } from '../../shared/contracts/service-accounts.contract'
import { ROTATION_GRACES, type RotationGrace } from '../../shared/rotation'
import { SERVICE_ACCOUNT_ROLES, type ServiceAccountRole } from '../../shared/roles'
import type { Actor } from '../engine/deps'
import type { Engine } from '../engine/engine'
import { CliError, printRows } from './output'
import { collectIds, withEngine } from './run'
import {
  EXPIRES_HELP,
  addTokenHygieneCommands,
  parseExpiry,
  parseGrace,
} from './token-hygiene.commands'

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
  addTokenHygieneCommands(cmd, { resolve, row, columns: ACCOUNT_COLUMNS })
  return cmd
}
