import { Command, CommanderError } from 'commander'
import { EngineError } from '../engine/errors'
import { API_VERSION } from '../api/version'
import { CliError, printRows } from './output'
import { parseProxyAddress, parsePort, withEngine } from './run'
import { serve } from './serve'
import { activityCommand } from './activity.commands'
import { securityCommands } from './security.commands'
import { serviceAccountsCommand } from './service-accounts.commands'
import { teamCommand } from './team.commands'
import { keyFileOption } from './open-engine'
import { streamsCommands } from './streams.commands'
import { shownDefaultDbPath } from './paths'

interface ServeFlags {
  host?: string
  port?: number
  demo?: boolean
  allowHost: string[]
  secureCookies?: boolean
  trustProxy: string[]
}

/** The `tessera` command line: scripting the same engine as the desktop app, as its Owner. */
export function buildProgram(): Command {
  const program = new Command('tessera')
    .description(
      'Administer Tessera service accounts and run the local Label Studio–compatible API',
    )
    .version(API_VERSION)
    .option('--db <file>', `database file (default: ${shownDefaultDbPath()})`)
    .option(
      '--as <member>',
      'act as this member (user id or email) instead of the Owner, with its role and assignments',
    )
    .option(
      '--log-key-file <file>',
      "the activity log key (default: the database's file name + .log-key, 0600, created on first use)",
    )
    .showSuggestionAfterError(false)

  program
    .command('init')
    .description('Create the database and its organization if missing; prints the file path')
    .action(
      withEngine(({ path, engine, owner }) => {
        process.stdout.write(`${path}\n`)
        process.stderr.write(`organization: ${engine.organization.overview(owner).title}\n`)
      }),
    )

  program
    .command('serve')
    .description('Run the REST API and the admin UI headless (plain Node)')
    .option('--host <host>', 'address to bind (default 127.0.0.1)')
    .option('--port <port>', 'port (default 8080, or the next free one)', parsePort)
    .option('--demo', 'fill an empty database with a demo organization')
    .option(
      '--allow-host <name>',
      'also answer to this Host name, e.g. behind a TLS proxy (repeatable)',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option('--secure-cookies', 'mark the admin session cookie Secure (serving behind HTTPS)')
    .option(
      '--trust-proxy <address>',
      "believe X-Forwarded-For/-Proto/-Host from this proxy's address or CIDR range (repeatable)",
      (v: string, all: string[]) => [...all, parseProxyAddress(v)],
      [] as string[],
    )
    .action(async (o: ServeFlags, command: Command) => {
      const { db } = command.optsWithGlobals() as { db?: string }
      const running = await serve({
        db,
        host: o.host,
        port: o.port,
        demo: o.demo,
        allowHosts: o.allowHost,
        secureCookies: o.secureCookies,
        trustProxy: o.trustProxy,
        logKeyFile: keyFileOption(command),
      })
      const stop = () => void running.close().then(() => process.exit(0))
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })

  program.addCommand(serviceAccountsCommand())
  program.addCommand(teamCommand())
  for (const c of securityCommands()) program.addCommand(c)
  program.addCommand(activityCommand())
  for (const c of streamsCommands()) program.addCommand(c)

  const members = program.command('members').description('Organization members')
  members
    .command('list')
    .option('--json', 'machine-readable output')
    .option('--kind <kind>', 'human or service')
    .action(
      withEngine(({ engine, owner }, o: { json?: boolean; kind?: string }) => {
        if (o.kind && o.kind !== 'human' && o.kind !== 'service')
          throw new CliError('--kind must be human or service')
        const rows = engine.people
          .list(owner, { kind: o.kind as 'human' | 'service' | undefined })
          .map((m) => ({
            id: m.userId,
            email: m.email,
            name: m.displayName,
            role: m.role,
            kind: m.kind,
          }))
        printRows(rows, o.json, ['id', 'email', 'name', 'role', 'kind'])
      }),
    )

  const workspaces = program.command('workspaces').description('Workspaces')
  workspaces
    .command('list')
    .option('--json', 'machine-readable output')
    .action(
      withEngine(({ engine, owner }, o: { json?: boolean }) => {
        const rows = engine.workspaces.list(owner).map((w) => ({
          id: w.id,
          title: w.title,
          projects: w.projectCount,
          members: w.memberCount,
        }))
        printRows(rows, o.json, ['id', 'title', 'projects', 'members'])
      }),
    )
  workspaces
    .command('create')
    .requiredOption('--title <title>', 'workspace title')
    .option('--description <text>', 'description', '')
    .option('--json', 'machine-readable output')
    .action(
      withEngine(({ engine, owner }, o: { title: string; description: string; json?: boolean }) => {
        if (!o.title.trim()) throw new CliError('--title cannot be empty')
        const w = engine.workspaces.create(owner, {
          title: o.title.trim(),
          description: o.description,
        })
        printRows([{ id: w.id, title: w.title }], o.json, ['id', 'title'])
      }),
    )

  const projects = program.command('projects').description('Projects')
  projects
    .command('list')
    .option('--workspace <id>', 'only this workspace', (v) => Number(v))
    .option('--json', 'machine-readable output')
    .action(
      withEngine(({ engine, owner }, o: { workspace?: number; json?: boolean }) => {
        const rows = engine.projects.list(owner, { workspaceId: o.workspace }).map((p) => ({
          id: p.id,
          title: p.title,
          workspace: p.workspaceId,
          tasks: p.taskCount,
          members: p.memberCount,
        }))
        printRows(rows, o.json, ['id', 'title', 'workspace', 'tasks', 'members'])
      }),
    )
  projects
    .command('create')
    .requiredOption('--title <title>', 'project title')
    .option('--workspace <id>', 'workspace id', (v) => {
      if (!/^[1-9]\d*$/.test(v)) throw new CliError(`“${v}” is not a workspace id`)
      return Number(v)
    })
    .option('--description <text>', 'description', '')
    .option('--json', 'machine-readable output')
    .action(
      withEngine(
        (
          { engine, owner },
          o: { title: string; workspace?: number; description: string; json?: boolean },
        ) => {
          if (!o.title.trim()) throw new CliError('--title cannot be empty')
          const p = engine.projects.create(owner, {
            title: o.title.trim(),
            description: o.description,
            workspaceId: o.workspace ?? null,
          })
          printRows([{ id: p.id, title: p.title, workspace: p.workspaceId }], o.json, [
            'id',
            'title',
            'workspace',
          ])
        },
      ),
    )
  return program
}

/** Runs the CLI; returns the exit code (errors are one line on stderr). */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram()
  program.exitOverride()
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) })
  try {
    await program.parseAsync(argv)
    return 0
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit through here with code 0; commander already printed.
      return err.exitCode
    }
    const message =
      err instanceof EngineError || err instanceof CliError
        ? err.message
        : err instanceof Error
          ? err.message
          : String(err)
    process.stderr.write(`tessera: ${message.replace(/\s+/g, ' ')}\n`)
    return 1
  }
}

// Run when executed directly (node out/main/cli.js …, tsx src/main/cli/index.ts …), not when imported by tests.
if (require.main === module) {
  void main(process.argv).then((code) => {
    if (code !== 0) process.exit(code)
  })
}
