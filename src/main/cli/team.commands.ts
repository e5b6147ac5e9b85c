import { Command } from 'commander'
import type { IssuedInvitation } from '../../shared/contracts/team.contract'
import { CliError, printRows } from './output'
import { withEngine } from './run'

/** The link an invitation opens: on the shared host's address when `--url` names it. */
function linkOf(issued: IssuedInvitation, base: string | undefined): string {
  const path = `/#/invitation/${issued.token}`
  return base ? `${base.replace(/\/+$/, '')}${path}` : path
}

type Opened = Parameters<Parameters<typeof withEngine>[0]>[0]

function personId({ engine, owner }: Opened, who: string): number {
  const found = engine.people
    .list(owner, { kind: 'human' })
    .find((m) => String(m.userId) === who || m.email.toLowerCase() === who.toLowerCase())
  if (!found) throw new CliError(`No person ${who} in this organization`)
  return found.userId
}

const URL_HELP = "the shared host's address (https://tessera.example.org), to print a whole link"

/**
 * `tessera team`: who signs in to the shared host. `invite` and `reset` print ONLY the
 * invitation link on stdout (shown once, like a token), so a script can pass it on.
 */
export function teamCommand(): Command {
  const team = new Command('team').description('Administrators who sign in to the shared host')
  team
    .command('list')
    .option('--json', 'machine-readable output')
    .action(
      withEngine(({ engine, owner }, o: { json?: boolean }) => {
        const rows = engine.team.list(owner).map((m) => ({
          id: m.userId,
          email: m.email,
          name: m.displayName,
          role: m.role,
          signIn: m.signIn,
          totp: m.totp,
          sessions: m.liveSessions,
        }))
        printRows(rows, o.json, ['id', 'email', 'name', 'role', 'signIn', 'totp', 'sessions'])
      }),
    )
  team
    .command('invite')
    .description('Add a person as Administrator and print their one-time invitation link')
    .requiredOption('--email <email>', 'their email address')
    .option('--first-name <name>', 'first name', '')
    .option('--last-name <name>', 'last name', '')
    .option('--url <base>', URL_HELP)
    .action(
      withEngine(
        (
          { engine, owner },
          o: { email: string; firstName: string; lastName: string; url?: string },
        ) => {
          const issued = engine.team.invite(owner, {
            email: o.email.trim(),
            firstName: o.firstName,
            lastName: o.lastName,
          })
          process.stdout.write(`${linkOf(issued, o.url)}\n`)
          process.stderr.write(
            `works once, until ${new Date(issued.expiresAt).toISOString()}; it is not shown again\n`,
          )
        },
      ),
    )
  team
    .command('reset')
    .description(
      'Make a person an Administrator (if needed), end their old sign-in and print a new link',
    )
    .requiredOption('--user <id|email>', 'the person')
    .option('--url <base>', URL_HELP)
    .action(
      withEngine((opened, o: { user: string; url?: string }) => {
        const issued = opened.engine.team.issueInvitation(opened.owner, personId(opened, o.user))
        process.stdout.write(`${linkOf(issued, o.url)}\n`)
      }),
    )
  team
    .command('sign-out')
    .description('End every session of a person')
    .requiredOption('--user <id|email>', 'the person')
    .action(
      withEngine((opened, o: { user: string }) => {
        const { ended } = opened.engine.team.endSessions(opened.owner, personId(opened, o.user))
        process.stderr.write(`${ended} session${ended === 1 ? '' : 's'} ended\n`)
      }),
    )
  return team
}
