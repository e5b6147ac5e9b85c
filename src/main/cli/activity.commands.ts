import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { Command, InvalidArgumentError } from 'commander'
import type { VerifyResult } from '../../shared/contracts/activity.contract'
import { writePrivateFile } from '../db/file-modes'
import {
  generateLogKeys,
  keyFileFor,
  parseLogKeys,
  writeKeyFile,
} from '../engine/activity/log-keys'
import { checkProof } from '../engine/activity/proof-format'
import { verifierKey } from '../engine/activity/signed-note'
import { dbPathFor, keyFileOption } from './open-engine'
import { CliError, printJson } from './output'
import { withEngineAsync } from './run'
import { verifyReceivedFile } from './streams.commands'

const parseId = (v: string) => {
  if (!/^[1-9][0-9]{0,15}$/.test(v)) throw new InvalidArgumentError(`“${v}” is not an id`)
  return Number(v)
}

/** Prints each part of the chain and the checkpoints; throws unless the log was proved intact. */
export function printVerify(r: VerifyResult): void {
  for (const p of r.parts) {
    const what =
      p.chain === 'sha256'
        ? 'SHA-256 chain, every hash recomputed (shows no edit that left the hashes as they were; anyone can recompute them)'
        : p.status === 'verified'
          ? "keyed HMAC-SHA-256 chain, verified with this installation's key"
          : 'keyed HMAC-SHA-256 chain, key not here: only ids, links and checkpoints checked'
    process.stdout.write(`activity log, entries ${p.firstId}–${p.lastId}: ${what}\n`)
  }
  const c = r.checkpoints
  if (c.stored + c.anchored + c.skipped > 0)
    process.stdout.write(
      `signed checkpoints: ${c.stored} stored and ${c.anchored} anchored matched${c.skipped ? `, ${c.skipped} before the purged entries not checkable` : ''}\n`,
    )
  if (!r.intact) throw new CliError(`activity log: ${r.message}`)
  process.stdout.write(`activity log: intact (${r.checked} entries checked)\n`)
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`)
  }
}

/** A verifier key given as the key string itself, a key file, or a file holding the string. */
function verifierFrom(given: string): string {
  if (given.includes('+') && !existsSync(given)) return given
  const text = readFileSync(resolve(given), 'utf8')
  try {
    const keys = parseLogKeys(text)
    return verifierKey(keys.origin, keys.publicKey)
  } catch {
    return text.trim()
  }
}

/** `tessera activity …`: verify, checkpoints, proofs, the anchor file and the log key. */
export function activityCommand(): Command {
  const activity = new Command('activity').description('The activity log: proofs and checkpoints')

  activity
    .command('verify')
    .description('Verify the chain, the Merkle tree and every signed checkpoint')
    .option('--anchor <file>', 'also check the checkpoints saved in this anchor file')
    .option(
      '--received <file>',
      "instead, check what a log-stream receiver wrote (rsyslog's raw messages or JSON lines)",
    )
    .option('--json', 'machine-readable output')
    .action((o: { received?: string; json?: boolean }, command: Command) => {
      if (!o.received) return verifyLog(o, command)
      // The keyed part of the log is checked with the log key: --log-key-file, or the key file
      // beside the database when there is one (a receiver's host usually has neither).
      const { db } = command.optsWithGlobals() as { db?: string }
      const keyFile = keyFileOption(command) ?? keyFileFor(dbPathFor(db))
      verifyReceivedFile(o.received, !!o.json, keyFile)
    })
  const verifyLog = withEngineAsync<{ anchor?: string; json?: boolean }>(async ({ engine }, o) => {
    let r: VerifyResult
    try {
      r = await engine.activityLog.verify({
        anchorFile: o.anchor ? resolve(o.anchor) : undefined,
      })
    } catch (err) {
      throw new CliError((err as Error).message)
    }
    if (o.json) {
      printJson(r)
      if (!r.intact) process.exitCode = 1
    } else printVerify(r)
  }, true)

  activity
    .command('checkpoint')
    .description('Print the newest signed checkpoint (a C2SP signed note)')
    .option('--new', 'sign a checkpoint of the log as it is now first')
    .option('--all', 'list every stored checkpoint')
    .option('--json', 'machine-readable output')
    .action(
      withEngineAsync<{ new?: boolean; all?: boolean; json?: boolean }>(({ engine, owner }, o) => {
        if (o.new) engine.activityProofs.checkpointNow(owner)
        const list = engine.activityProofs.checkpoints(owner, o.all ? 1_000_000 : 1)
        if (o.json) return printJson(o.all ? list : (list[0] ?? null))
        if (list.length === 0)
          throw new CliError('no checkpoint yet (tessera activity checkpoint --new)')
        for (const c of list) process.stdout.write(`# checkpoint ${c.id}\n${c.note}`)
        const s = engine.activityProofs.status(owner)
        if (s.verifierKey)
          process.stdout.write(`\nverifier key: ${s.verifierKey}\nfingerprint: ${s.fingerprint}\n`)
      }),
    )

  activity
    .command('prove')
    .description('Write an inclusion proof of one entry, or a consistency proof of two checkpoints')
    .argument('[id]', 'the entry to prove', parseId)
    .option(
      '--consistency <ids...>',
      'prove checkpoint B extends checkpoint A (two checkpoint ids)',
    )
    .option('--out <file>', 'write the proof here instead of stdout')
    .action(
      withEngineAsync<{ consistency?: string[]; out?: string }>(({ engine, owner }, o, args) => {
        let proof: unknown
        try {
          if (o.consistency) {
            const [a, b] = o.consistency.map(parseId)
            if (a === undefined || b === undefined || o.consistency.length !== 2)
              throw new CliError('--consistency takes two checkpoint ids: A B')
            proof = engine.activityProofs.proveConsistency(owner, a, b)
          } else {
            if (!args[0]) throw new CliError('name the entry to prove: tessera activity prove ID')
            proof = engine.activityProofs.prove(owner, parseId(args[0]))
          }
        } catch (err) {
          throw err instanceof CliError ? err : new CliError((err as Error).message)
        }
        const text = JSON.stringify(proof, null, 2) + '\n'
        if (o.out) writePrivateFile(resolve(o.out), text)
        else process.stdout.write(text)
      }),
    )

  activity
    .command('verify-proof')
    .description('Check a proof file with nothing but the public key (no database needed)')
    .argument('<file>')
    .option(
      '--key <key>',
      "the verifier key (name+id+key), or a file holding it or the log key; default: this installation's key file",
    )
    .action((file: string, o: { key?: string }, command: Command) => {
      const proof = readJson(resolve(file))
      let verifier: string
      let note = ''
      if (o.key) verifier = verifierFrom(o.key)
      else {
        const { db } = command.optsWithGlobals() as { db?: string }
        const keyFile = keyFileOption(command) ?? keyFileFor(dbPathFor(db))
        if (existsSync(keyFile)) verifier = verifierFrom(keyFile)
        else {
          verifier = String((proof as { verifierKey?: unknown })?.verifierKey ?? '')
          note =
            ' (checked with the key named inside the proof: compare its fingerprint with the one Settings shows)'
        }
      }
      const r = checkProof(proof, verifier)
      if (!r.ok) throw new CliError(`proof rejected: ${r.message}`)
      process.stdout.write(`proof verified: ${r.message}${note}\n`)
    })

  activity
    .command('anchor')
    .description('Show, set or stop the anchor file every checkpoint is appended to')
    .option('--set <file>', 'append checkpoints to this file (put it on another disk)')
    .option('--off', 'stop appending')
    .action(
      withEngineAsync<{ set?: string; off?: boolean }>(({ engine, owner }, o) => {
        try {
          if (o.set) engine.activityProofs.setAnchorPath(owner, resolve(o.set))
          else if (o.off) engine.activityProofs.setAnchorPath(owner, null)
        } catch (err) {
          throw new CliError((err as Error).message)
        }
        const s = engine.activityProofs.status(owner)
        process.stdout.write(`anchor file: ${s.anchorPath ?? '(none)'}\n`)
      }),
    )

  const key = activity.command('key').description("The installation's activity log key")
  key
    .command('export')
    .description('Write the log key (HMAC and signing key) to a new file, for safe keeping')
    .requiredOption('--to <file>', 'the new file (0600)')
    .action(
      withEngineAsync<{ to: string }>(({ engine, owner }, o) => {
        try {
          const { path } = engine.activityProofs.exportKey(owner, resolve(o.to))
          process.stdout.write(
            `log key written to ${path}; keep it apart from the database and its backups\n`,
          )
        } catch (err) {
          throw new CliError((err as Error).message)
        }
      }),
    )
  key
    .command('show')
    .description('The public key: fingerprint and verifier key')
    .action(
      withEngineAsync(({ engine, owner }) => {
        const s = engine.activityProofs.status(owner)
        if (!s.keyed) throw new CliError('no log key here')
        process.stdout.write(`fingerprint: ${s.fingerprint}\nverifier key: ${s.verifierKey}\n`)
      }, true),
    )
  key
    .command('new')
    .description(
      'Start a new log key when the old one is lost (its entries can no longer be proved)',
    )
    .action((_o: unknown, command: Command) => {
      const { db } = command.optsWithGlobals() as { db?: string }
      const file = keyFileOption(command) ?? keyFileFor(dbPathFor(db))
      if (existsSync(file))
        throw new CliError(`${file} exists; a new key would replace a key in use`)
      writeKeyFile(
        file,
        generateLogKeys((n) => randomBytes(n)),
      )
      process.stdout.write(`new log key written to ${file}\n`)
    })
  return activity
}
