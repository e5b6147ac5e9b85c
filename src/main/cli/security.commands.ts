import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { Command } from 'commander'
import { writePrivateFile } from '../db/file-modes'
import { SchemaDriftError } from '../db/schema-check'
import {
  reportDatabaseFile,
  restoreDatabase,
  type DatabaseReport,
} from '../engine/security/backup.service'
import { keyFileOption, openEngine } from './open-engine'
import { withEngineAsync } from './run'
import { installKey, planKeyRestore } from '../core/log-key-file'
import { keyFileFor } from '../engine/activity/log-keys'
import { printVerify } from './activity.commands'
import { CliError, printRows } from './output'
import { defaultDbPath } from './paths'

const readInput = (file: string) =>
  file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8')

/** Prints the integrity and schema lines of `tessera check`; throws when either is not ok. */
function printFileReport(path: string): void {
  let report: DatabaseReport
  try {
    report = reportDatabaseFile(path)
  } catch (err) {
    throw new CliError(
      `${path} is damaged (${(err as Error).message}); restore it from a backup with tessera restore`,
    )
  }
  const damaged = report.integrity !== 'ok'
  process.stdout.write(`database ${path}: ${damaged ? `damaged (${report.integrity})` : 'ok'}\n`)
  if (report.schema.ok) {
    process.stdout.write(
      `schema: as Tessera's migrations create it (version ${report.schemaVersion})\n`,
    )
  } else {
    process.stdout.write(`schema: changed outside Tessera\n`)
    throw new CliError(new SchemaDriftError(path, report.schema.problems).message)
  }
  if (damaged) {
    throw new CliError(
      `${path} is damaged (${report.integrity}); restore it from a backup with tessera restore`,
    )
  }
}

/** `tessera tokens scan`, `backup`, `restore`, `check`, `report credentials`. */
export function securityCommands(): Command[] {
  const tokens = new Command('tokens').description('Find service-account tokens in files')
  tokens
    .command('scan')
    .description(
      'Match every tsa_ token in the files (or - for stdin) to its account; exit 1 if any is live',
    )
    .argument('<files...>')
    .option('--json', 'machine-readable output')
    .action(
      withEngineAsync<{ json?: boolean }>(({ engine, owner }, o, files) => {
        const rows = files.flatMap((file) => {
          let text: string
          try {
            text = readInput(file)
          } catch (err) {
            throw new CliError(`cannot read ${file}: ${(err as Error).message}`)
          }
          return engine.leakCheck.scan(owner, text).map((f) => ({
            token: f.display,
            where: `${file}:${f.line}`,
            account: f.account?.name ?? '',
            user_id: f.account?.userId ?? '',
            status: f.status,
          }))
        })
        printRows(rows, o.json, ['token', 'where', 'account', 'user_id', 'status'])
        const live = rows.filter((r) => r.status === 'live')
        if (live.length > 0) {
          throw new CliError(
            `${live.length} live token${live.length === 1 ? '' : 's'} found; reset with: tessera service-accounts reset-token ${live[0]!.user_id}`,
          )
        }
      }),
    )

  const backup = new Command('backup')
    .description('Online backup of the database (consistent while Tessera serves)')
    .requiredOption('--to <file>', 'where to write the backup')
    .action(
      withEngineAsync<{ to: string }>(async ({ engine, owner }, o) => {
        const result = await engine.backup.backupTo(owner, resolve(o.to))
        process.stdout.write(
          `backed up to ${result.path} (${result.bytes} bytes, ${result.ms} ms)\n`,
        )
      }),
    )

  const restore = new Command('restore')
    .description('Replace the database (--db) with a verified backup; stop Tessera first')
    .requiredOption('--from <file>', 'the backup to restore')
    .option('--yes', 'confirm replacing the current database')
    .option(
      '--log-key <file>',
      'the activity log key of the backup (from tessera activity key export)',
    )
    .option(
      '--without-log-key',
      'restore although the log key is lost (its entries can no longer be proved)',
    )
    .action(
      (
        o: { from: string; yes?: boolean; logKey?: string; withoutLogKey?: boolean },
        command: Command,
      ) => {
        const { db } = command.optsWithGlobals() as { db?: string }
        const target = db ? resolve(db) : defaultDbPath()
        if (!o.yes) {
          throw new CliError(
            `this replaces ${target} with ${o.from}; run again with --yes to confirm`,
          )
        }
        try {
          const keyFile = keyFileOption(command) ?? keyFileFor(target)
          const plan = planKeyRestore(
            resolve(o.from),
            keyFile,
            o.logKey && resolve(o.logKey),
            o.withoutLogKey ?? false,
          )
          const { keptAs } = restoreDatabase(resolve(o.from), target)
          if (plan.install) installKey(keyFile, plan.install)
          process.stdout.write(
            `restored ${target} from ${o.from}${keptAs ? `; the previous file is kept as ${keptAs}` : ''}${plan.message ? `; ${plan.message}` : ''}\n`,
          )
        } catch (err) {
          throw new CliError((err as Error).message)
        }
      },
    )

  const check = new Command('check')
    .description(
      "Full integrity check of the database, of its schema against Tessera's migrations, and of the activity log chain",
    )
    .action(async (_o: unknown, command: Command) => {
      const { db } = command.optsWithGlobals() as { db?: string }
      const path = db ? resolve(db) : defaultDbPath()
      // Like every command, a missing database is created (a new, empty organization).
      if (!existsSync(path)) openEngine(db, undefined, { keyFile: keyFileOption(command) }).close()
      // The file is read as it is first: Tessera refuses to open a file whose schema was
      // changed, and that is exactly what this command must be able to report.
      printFileReport(path)
      const opened = openEngine(db, undefined, { keyFile: keyFileOption(command), readOnly: true })
      try {
        const chain = await opened.engine.activityLog.verify()
        printVerify(chain)
      } finally {
        opened.close()
      }
    })

  const report = new Command('report').description('Audit reports')
  report
    .command('credentials')
    .description('CSV of every service account: role, assignments, token age, last use, status')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(
      withEngineAsync<{ out?: string }>(({ engine, owner }, o) => {
        const csv = engine.credentialReport.csv(owner)
        if (o.out) writePrivateFile(resolve(o.out), csv)
        else process.stdout.write(csv)
      }),
    )

  return [tokens, backup, restore, check, report]
}
