import type { Command } from 'commander'
import type {
  Explanation,
  ServiceAccount,
  StaleAccount,
} from '../../shared/contracts/service-accounts.contract'
import { ROTATION_GRACES, RotationGraceSchema, type RotationGrace } from '../../shared/rotation'
import { ROLE_LABELS } from '../../shared/roles'
import type { Actor } from '../engine/deps'
import type { Engine } from '../engine/engine'
import { CliError, printRows } from './output'
import { withEngine } from './run'

export function parseGrace(value: string): RotationGrace {
  const parsed = RotationGraceSchema.safeParse(value)
  if (!parsed.success) {
    throw new CliError(`--grace must be one of ${ROTATION_GRACES.join(', ')} (got “${value}”)`)
  }
  return parsed.data
}

/** `--expires`: `30d` (days from now), an ISO date and time, or `never`. */
export function parseExpiry(value: string): number | null {
  if (value === 'never') return null
  const days = /^(\d{1,5})d$/.exec(value)
  if (days) return Date.now() + Number(days[1]) * 24 * 60 * 60 * 1000
  const ms = Date.parse(value)
  if (Number.isNaN(ms)) {
    throw new CliError(`--expires must be like 30d, 2026-12-31T00:00:00Z or never (got “${value}”)`)
  }
  return ms
}

export const EXPIRES_HELP =
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

interface AccountHelpers {
  resolve: (engine: Engine, owner: Actor, ref: string) => ServiceAccount
  row: (a: ServiceAccount) => Record<string, unknown>
  columns: string[]
}

/**
 * The token-hygiene subcommands of `service-accounts`: end a grace period, the network
 * allowlist, the rule for unused accounts and its preview, and "what can this token do?".
 */
export function addTokenHygieneCommands(cmd: Command, { resolve, row, columns }: AccountHelpers) {
  const ACCOUNT_COLUMNS = columns
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
}
